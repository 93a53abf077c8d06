package emulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
)

//go:embed fixtures/default.json
var defaultFixtureJSON []byte

// Fixture is the data the emulator serves. Certificates stay raw JSON so each
// one is answered as written: int64 values exact, absent fields absent, odd
// values possible.
type Fixture struct {
	// Jobs maps a deployment job ID (positive int64, decimal) to its certificates.
	Jobs map[string][]json.RawMessage `json:"jobs"`
}

// DefaultFixture returns a fresh copy of the embedded fixture
// (fixtures/default.json).
func DefaultFixture() *Fixture {
	f, err := ParseFixture(defaultFixtureJSON)
	if err != nil {
		panic("emulator: embedded fixture is invalid: " + err.Error())
	}
	return f
}

// LoadFixture reads and validates a fixture file.
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, err)
	}
	f, err := ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, err)
	}
	return f, nil
}

// ParseFixture decodes and validates fixture JSON.
func ParseFixture(data []byte) (*Fixture, error) {
	// Jobs are decoded one by one so that an error can name its job.
	var top struct {
		Jobs map[string]json.RawMessage `json:"jobs"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt top-level key should not silently serve nothing
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("invalid JSON: unexpected data after the top-level object")
	}
	if top.Jobs == nil {
		return nil, errors.New(`missing "jobs" object`)
	}
	f := &Fixture{Jobs: make(map[string][]json.RawMessage, len(top.Jobs))}
	for _, key := range slices.Sorted(maps.Keys(top.Jobs)) {
		var certs []json.RawMessage
		if err := json.Unmarshal(top.Jobs[key], &certs); err != nil || certs == nil {
			return nil, fmt.Errorf("job %q: certificates must be an array of objects", key)
		}
		f.Jobs[key] = certs
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Fixture) validate() error {
	if f.Jobs == nil {
		return errors.New(`missing "jobs" object`)
	}
	for _, key := range slices.Sorted(maps.Keys(f.Jobs)) {
		if _, ok := parseJobID(key); !ok {
			return fmt.Errorf("job %q: key must be a positive int64 in decimal without sign or leading zeros", key)
		}
		certs := f.Jobs[key]
		if certs == nil {
			return fmt.Errorf("job %q: certificates must be an array of objects", key)
		}
		for i, c := range certs {
			if b := bytes.TrimSpace(c); len(b) == 0 || b[0] != '{' {
				return fmt.Errorf("job %q: certificate %d must be a JSON object, got %s", key, i, truncate(b, 40))
			}
		}
	}
	return nil
}

// certificates returns the job's certificates; a job the fixture does not
// know has none.
func (f *Fixture) certificates(jobID int64) []json.RawMessage {
	certs := f.Jobs[strconv.FormatInt(jobID, 10)]
	if certs == nil {
		return []json.RawMessage{}
	}
	return certs
}

// parseJobID accepts only the canonical decimal form, so that "08888" in a
// fixture cannot shadow "8888".
func parseJobID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return n, true
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
