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
//
// With "from_account": true beside "jobs" (the default fixture has it), a
// recorded certificate whose CertId, or resource whose Id, the account holds
// is answered as the account holds it now: one truth for what both show, so
// a recorded job and the account never give one certificate two expiry dates.
// Such a record may be just its ID, {"CertId": 11174101}.
type Fixture struct {
	// Jobs maps every job ID to its certificates.
	Jobs map[string][]json.RawMessage `json:"jobs"`
	// Details maps a job ID to its fields (a JSON object); a job without
	// has only its Id.
	Details map[string]json.RawMessage `json:"-"`
	// Resources maps a job ID to its cloud resources; a job without has none.
	Resources map[string][]json.RawMessage `json:"-"`
	// FromAccount answers records of what the account holds from the account.
	FromAccount bool `json:"from_account"`
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
		Jobs        map[string]json.RawMessage `json:"jobs"`
		FromAccount bool                       `json:"from_account"`
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
	f := &Fixture{Jobs: make(map[string][]json.RawMessage, len(top.Jobs)), FromAccount: top.FromAccount}
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

// fromAccount is records with each one whose ID (in field key) the account
// holds replaced by the account's record of it, when the fixture asks for
// that (FromAccount); held returns the account's record. No records is [].
func (f *Fixture) fromAccount(records []json.RawMessage, key string, held func(id int64) (any, bool)) []json.RawMessage {
	if records == nil {
		return []json.RawMessage{}
	}
	if !f.FromAccount {
		return records
	}
	out := make([]json.RawMessage, len(records))
	for i, raw := range records {
		out[i] = raw
		var fields map[string]json.RawMessage
		if json.Unmarshal(raw, &fields) != nil {
			continue
		}
		id, err := strconv.ParseInt(string(fields[key]), 10, 64)
		if err != nil {
			continue
		}
		if record, ok := held(id); ok {
			if b, err := json.Marshal(record); err == nil {
				out[i] = b
			}
		}
	}
	return out
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
