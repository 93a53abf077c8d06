package cas

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// DeploymentJobSpec is what a deployment job deploys, as CreateDeploymentJob
// and UpdateDeploymentJob take it.
type DeploymentJobSpec struct {
	Name        string
	JobType     string // user or cloud; UpdateDeploymentJob cannot change it
	CertIDs     []int64
	ResourceIDs []int64 // CAS's own cloud-resource IDs (ListCloudResources), not instance IDs
	ContactIDs  []int64
	// ScheduleTime is when the job runs once started; zero runs it as soon as it is.
	ScheduleTime time.Time
}

// query is the spec as the API's parameters: IDs comma-separated, the
// schedule in UNIX milliseconds.
func (s DeploymentJobSpec) query() map[string]string {
	q := map[string]string{
		"Name":        s.Name,
		"CertIds":     idList(s.CertIDs),
		"ResourceIds": idList(s.ResourceIDs),
		"ContactIds":  idList(s.ContactIDs),
	}
	if s.JobType != "" {
		q["JobType"] = s.JobType
	}
	if !s.ScheduleTime.IsZero() {
		q["ScheduleTime"] = strconv.FormatInt(s.ScheduleTime.UnixMilli(), 10)
	}
	return q
}

func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// CreateDeploymentJob creates a job, which stays editing (and does nothing)
// until UpdateDeploymentJobStatus starts it. It returns the job's ID.
func (c *Client) CreateDeploymentJob(ctx context.Context, spec DeploymentJobSpec) (int64, error) {
	var body struct {
		envelope
		JobID *Int64 `json:"JobId"`
	}
	raw, err := c.call(ctx, "CreateDeploymentJob", request{query: spec.query()}, &body)
	if err != nil {
		return 0, err
	}
	if body.JobID == nil {
		return 0, &ResponseError{Action: "CreateDeploymentJob", StatusCode: raw.status, RequestID: string(body.RequestID),
			Reason: "the answer has no JobId"}
	}
	return int64(*body.JobID), nil
}
