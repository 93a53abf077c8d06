package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// cliConfig is as much of the aliyun CLI's config.json as it takes to check a
// profile exists: credentials-go reads the profile itself. Nothing from the
// file reaches a diagnostic except profile names and modes (the library's
// own parse error quotes the whole file, secrets included).
type cliConfig struct {
	Current  string `json:"current"`
	Profiles []struct {
		Name string `json:"name"`
		Mode string `json:"mode"`
	} `json:"profiles"`
}

func readCLIConfig(path string) (cliConfig, error) {
	var conf cliConfig
	data, err := os.ReadFile(path) //nolint:gosec // the aliyun CLI file the user named is the one to read
	if errors.Is(err, os.ErrNotExist) {
		return conf, errors.New("the file does not exist; create it with `aliyun configure`, or set the path of an existing one")
	}
	if err != nil {
		return conf, err
	}
	if err := json.Unmarshal(data, &conf); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line := 1 + bytes.Count(data[:syntax.Offset], []byte("\n"))
			return conf, fmt.Errorf("it is not valid JSON (line %d: %w); fix it, or run `aliyun configure` to rewrite it", line, syntax)
		}
		return conf, fmt.Errorf("it is not an aliyun CLI configuration (%w)", err)
	}
	if len(conf.Profiles) == 0 {
		return conf, errors.New("it has no profiles; add one with `aliyun configure`")
	}
	return conf, nil
}

func (c cliConfig) mode(name string) (string, bool) {
	for _, p := range c.Profiles {
		if p.Name == name {
			return p.Mode, true
		}
	}
	return "", false
}

func (c cliConfig) names() string {
	names := make([]string, len(c.Profiles))
	for i, p := range c.Profiles {
		names[i] = fmt.Sprintf("%q", p.Name)
	}
	return strings.Join(names, ", ")
}
