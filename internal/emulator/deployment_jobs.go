package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// listDeploymentJob serves one page of the account's and the fixture's
// jobs, newest first, filtered by JobType and Status when given. With
// Options.JobsChangePerPage the account changes between pages (see there).
func (s *Server) listDeploymentJob(c *call) (any, error) {
	number, size, err := c.paging(defaultJobShowSize)
	if err != nil {
		return nil, err
	}
	jobType, status := c.params.Get("JobType"), c.params.Get("Status")
	_, unlock := s.lockAccount()
	defer unlock()
	jobs := s.listedJobs(jobType, status)

	// The view page `number` sees: jobs created at its head (newest first) or
	// the newest deleted since page 1 was read.
	created, deleted := 0, 0
	if change := s.jobsChangePerPage * (number - 1); change > 0 {
		created = change
	} else {
		deleted = min(-change, len(jobs))
	}
	total := created + len(jobs) - deleted
	newest := s.fixture.maxJobID()

	data := []json.RawMessage{}
	for i := (number - 1) * size; i < min(number*size, total); i++ {
		if i < created {
			data = append(data, createdJob(newest+int64(created-i), jobType, status))
			continue
		}
		data = append(data, jobs[i-created+deleted].listed)
	}
	return pageAnswer[json.RawMessage]{number, size, total, data, c.requestID}, nil
}

// describeDeploymentJob serves a job of the account, deleted ones too (with
// Del 1, as the SDK model's Del field implies [L6]), or a fixture job's
// fields at the top level of the answer as written. For a job neither knows
// it answers with no fields: the service's answer is not documented.
func (s *Server) describeDeploymentJob(c *call) (any, error) {
	jobID, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	if j := s.account.jobs[jobID]; j != nil {
		return s.account.jobDetail(j, c.requestID), nil
	}
	key := strconv.FormatInt(jobID, 10)
	fields := map[string]json.RawMessage{}
	if _, ok := s.fixture.Jobs[key]; ok {
		fields = s.fixture.jobFields(key)
		if s.account.deletedRecorded[jobID] {
			fields["Del"] = json.RawMessage("1")
		}
	}
	requestID, _ := json.Marshal(c.requestID)
	fields["RequestId"] = requestID
	return fields, nil
}

// listDeploymentJobResource serves the job's resources: an account job's as
// they are now, a fixture job's as written (or from the account, Fixture's
// FromAccount); a job neither knows has none.
func (s *Server) listDeploymentJobResource(c *call) (any, error) {
	jobID, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	if j := s.account.jobs[jobID]; j != nil {
		records := []resourceRecord{}
		for _, id := range j.resourceIDs {
			records = append(records, s.account.resources[id].record())
		}
		return listAnswer[resourceRecord]{records, c.requestID}, nil
	}
	return listAnswer[json.RawMessage]{s.recordedResources(jobID), c.requestID}, nil
}

// recordedResources is what ListDeploymentJobResource answers for fixture job
// jobID. The caller holds the account.
func (s *Server) recordedResources(jobID int64) []json.RawMessage {
	return s.fixture.fromAccount(s.fixture.Resources[strconv.FormatInt(jobID, 10)], "Id", func(id int64) (any, bool) {
		if r := s.account.resources[id]; r != nil {
			return r.record(), true
		}
		return nil, false
	})
}

// listedJob is a job as ListDeploymentJob shows it.
type listedJob struct {
	id     int64
	listed json.RawMessage
}

// describeOnly are the fields DescribeDeploymentJob adds to a listed job.
var describeOnly = []string{"Config", "CasContacts"}

// jobFields is the job's fields with its Id (from the key unless given).
func (f *Fixture) jobFields(key string) map[string]json.RawMessage {
	fields := map[string]json.RawMessage{}
	if raw := f.Details[key]; raw != nil {
		_ = json.Unmarshal(raw, &fields) // validated to be an object
	}
	if _, ok := fields["Id"]; !ok {
		fields["Id"] = json.RawMessage(key)
	}
	return fields
}

// listedJobs is every job matching the filters, the account's and the
// fixture's but those deleted through the API, newest (highest Id) first.
func (s *Server) listedJobs(jobType, status string) []listedJob {
	var jobs []listedJob
	for key := range s.fixture.Jobs {
		fields := s.fixture.jobFields(key)
		id, _ := parseJobID(key)
		if s.account.deletedRecorded[id] || !matches(fields["JobType"], jobType) || !matches(fields["Status"], status) {
			continue
		}
		for _, name := range describeOnly {
			delete(fields, name)
		}
		listed, _ := json.Marshal(fields) // RawMessage values are valid JSON
		jobs = append(jobs, listedJob{id: id, listed: listed})
	}
	for id, j := range s.account.jobs {
		if j.deleted || (jobType != "" && j.jobType != jobType) || (status != "" && j.status != status) {
			continue
		}
		listed, _ := json.Marshal(s.account.jobRecord(j))
		jobs = append(jobs, listedJob{id: id, listed: listed})
	}
	slices.SortFunc(jobs, func(a, b listedJob) int { return -cmpInt64(a.id, b.id) })
	return jobs
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// matches reports whether a job's field equals a filter; no filter matches all.
func matches(field json.RawMessage, want string) bool {
	if want == "" {
		return true
	}
	var got string
	return json.Unmarshal(field, &got) == nil && got == want
}

func (f *Fixture) maxJobID() int64 {
	var newest int64
	for key := range f.Jobs {
		if id, _ := parseJobID(key); id > newest {
			newest = id
		}
	}
	return newest
}

// createdJob is a job created while a listing is paged; it matches the
// listing's filters.
func createdJob(id int64, jobType, status string) json.RawMessage {
	if jobType == "" {
		jobType = "user"
	}
	if status == "" {
		status = "pending"
	}
	b, _ := json.Marshal(map[string]any{"Id": id, "Name": fmt.Sprintf("created-while-listing-%d", id), "JobType": jobType, "Status": status})
	return b
}

// validateJobs checks job fields and resources: every one belongs to a job
// and is a JSON object, and a job's Id, when written, is its key.
func (f *Fixture) validateJobs() error {
	for _, key := range slices.Sorted(maps.Keys(f.Details)) {
		if _, ok := f.Jobs[key]; !ok {
			return fmt.Errorf("job %q has fields but is not in jobs", key)
		}
		var fields map[string]json.RawMessage
		if b := bytes.TrimSpace(f.Details[key]); len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &fields) != nil {
			return fmt.Errorf("job %q: job must be a JSON object, got %s", key, truncate(b))
		}
		// An Id may be written to serve an odd value (null, a string), but
		// not another job's number.
		if id, ok := fields["Id"]; ok {
			if n, err := strconv.ParseInt(string(bytes.Trim(id, `"`)), 10, 64); err == nil && strconv.FormatInt(n, 10) != key {
				return fmt.Errorf("job %q: job.Id is %s; leave it out or make it the key", key, truncate(id))
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(f.Resources)) {
		if _, ok := f.Jobs[key]; !ok {
			return fmt.Errorf("job %q has resources but is not in jobs", key)
		}
		if err := objects("resource", f.Resources[key]); err != nil {
			return fmt.Errorf("job %q: %w", key, err)
		}
	}
	return nil
}

// objects checks that every record of a list is a JSON object.
func objects(what string, records []json.RawMessage) error {
	for i, r := range records {
		if b := bytes.TrimSpace(r); len(b) == 0 || b[0] != '{' {
			return fmt.Errorf("%s %d must be a JSON object, got %s", what, i, truncate(b))
		}
	}
	return nil
}
