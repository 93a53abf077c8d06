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

// Fixture is recorded deployment jobs the emulator serves beside its typed
// account (account.go). Records stay raw JSON so each one is answered as
// written: int64 values exact, absent fields absent, odd values possible.
// Writes leave them alone, but for DeleteDeploymentJob (ASSUMPTIONS.md).
//
// In a fixture file each key of "jobs" is a deployment job ID (positive
// int64, decimal) and its value either the job's certificates (an array), or
// an object with any of:
//
//	"job":          the job's fields as DescribeDeploymentJob answers them (Name,
//	                Status, JobType, ..., Config, CasContacts). Id is the key unless
//	                written (to serve an odd value such as null or "8888").
//	                ListDeploymentJob lists the same fields but Config and CasContacts.
//	"certificates": what ListDeploymentJobCert answers.
//	"resources":    what ListDeploymentJobResource answers.
//
// Every key is a job, listed by ListDeploymentJob newest (highest Id) first.
type Fixture struct {
	// Jobs maps every job ID to its certificates.
	Jobs map[string][]json.RawMessage `json:"jobs"`
	// Details maps a job ID to its fields (a JSON object); a job without
	// has only its Id.
	Details map[string]json.RawMessage `json:"-"`
	// Resources maps a job ID to its cloud resources; a job without has none.
	Resources map[string][]json.RawMessage `json:"-"`
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
	data, err := os.ReadFile(path) //nolint:gosec // reading the fixture file the operator named is the point
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
		if err := f.addJob(key, top.Jobs[key]); err != nil {
			return nil, fmt.Errorf("job %q: %w", key, err)
		}
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

// addJob reads one job in either shape: an array of certificates, or an
// object with job, certificates and resources.
func (f *Fixture) addJob(key string, raw json.RawMessage) error {
	if b := bytes.TrimSpace(raw); len(b) > 0 && b[0] == '{' {
		var job struct {
			Job          json.RawMessage   `json:"job"`
			Certificates []json.RawMessage `json:"certificates"`
			Resources    []json.RawMessage `json:"resources"`
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&job); err != nil {
			return fmt.Errorf(`want an array of certificates or an object with "job", "certificates" and "resources": %w`, err)
		}
		f.Jobs[key] = job.Certificates
		if f.Jobs[key] == nil {
			f.Jobs[key] = []json.RawMessage{}
		}
		if job.Job != nil {
			if f.Details == nil {
				f.Details = map[string]json.RawMessage{}
			}
			f.Details[key] = job.Job
		}
		if job.Resources != nil {
			if f.Resources == nil {
				f.Resources = map[string][]json.RawMessage{}
			}
			f.Resources[key] = job.Resources
		}
		return nil
	}
	var certs []json.RawMessage
	if err := json.Unmarshal(raw, &certs); err != nil || certs == nil {
		return errors.New("certificates must be an array of objects")
	}
	f.Jobs[key] = certs
	return nil
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
		if err := objects("certificate", certs); err != nil {
			return fmt.Errorf("job %q: %w", key, err)
		}
	}
	return f.validateJobs()
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

// truncate shortens a value quoted in an error message.
func truncate(b []byte) string {
	const n = 40
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
