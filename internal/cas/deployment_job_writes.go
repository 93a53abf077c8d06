package cas

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// The deployment job's life: create it (it waits in editing), start it
// (pending or scheduling), watch its counts and workers, roll workers back,
// delete it. How each write is retried: retry.go.

// Job types.
const (
	JobTypeUser  = "user"  // Alibaba Cloud services
	JobTypeCloud = "cloud" // other clouds
)

// CreateDeploymentJobRequest is a new job: certificates onto cloud
// resources, contacts told.
type CreateDeploymentJobRequest struct {
	Name                             string
	JobType                          string // JobTypeUser or JobTypeCloud
	CertIDs, ResourceIDs, ContactIDs []int64
	ScheduleTime                     time.Time // zero: none (it runs when started)
}

// CreateDeploymentJob creates a job in editing and returns its ID.
func (c *Client) CreateDeploymentJob(ctx context.Context, req CreateDeploymentJobRequest) (int64, error) {
	query := map[string]string{"Name": req.Name, "JobType": req.JobType, "CertIds": idList(req.CertIDs),
		"ResourceIds": idList(req.ResourceIDs), "ContactIds": idList(req.ContactIDs)}
	if !req.ScheduleTime.IsZero() {
		query["ScheduleTime"] = millisText(req.ScheduleTime)
	}
	var body struct {
		envelope
		JobID *Int64 `json:"JobId"`
	}
	raw, err := c.call(ctx, "CreateDeploymentJob", request{query: query}, &body)
	if err != nil {
		return 0, err
	}
	if body.JobID == nil {
		return 0, &ResponseError{Action: "CreateDeploymentJob", StatusCode: raw.status, RequestID: string(body.RequestID),
			Reason: "the answer has no JobId"}
	}
	return int64(*body.JobID), nil
}

// UpdateDeploymentJobRequest changes a job in editing; a nil field is left
// as it is.
type UpdateDeploymentJobRequest struct {
	JobID                            int64
	Name                             *string
	CertIDs, ResourceIDs, ContactIDs []int64
	ScheduleTime                     *time.Time
}

// UpdateDeploymentJob changes a job's name, certificates, resources,
// contacts or schedule.
func (c *Client) UpdateDeploymentJob(ctx context.Context, req UpdateDeploymentJobRequest) error {
	query := jobQuery(req.JobID)
	if req.Name != nil {
		query["Name"] = *req.Name
	}
	for name, ids := range map[string][]int64{"CertIds": req.CertIDs, "ResourceIds": req.ResourceIDs, "ContactIds": req.ContactIDs} {
		if ids != nil {
			query[name] = idList(ids)
		}
	}
	if req.ScheduleTime != nil {
		query["ScheduleTime"] = millisText(*req.ScheduleTime)
	}
	return c.write(ctx, "UpdateDeploymentJob", query)
}

// UpdateDeploymentJobStatus moves a job to status: JobPending (run at its
// ScheduleTime, or at once without one), JobScheduling (run now) or
// JobEditing (back to a draft, before it runs).
func (c *Client) UpdateDeploymentJobStatus(ctx context.Context, jobID int64, status JobStatus) error {
	query := jobQuery(jobID)
	query["Status"] = string(status)
	return c.write(ctx, "UpdateDeploymentJobStatus", query)
}

// DeleteDeploymentJob deletes a job. What it deployed stays deployed.
func (c *Client) DeleteDeploymentJob(ctx context.Context, jobID int64) error {
	return c.write(ctx, "DeleteDeploymentJob", jobQuery(jobID))
}

// DeploymentJobStatus is DescribeDeploymentJobStatus's counts of a job's
// workers. A nil field was absent from the answer.
type DeploymentJobStatus struct {
	WorkerCount          *Int64               `json:"WorkerCount"`
	SuccessCount         *Int64               `json:"SuccessCount"`
	FailedCount          *Int64               `json:"FailedCount"`
	RollbackCount        *Int64               `json:"RollbackCount"`
	RollbackSuccessCount *Int64               `json:"RollbackSuccessCount"`
	RollbackFailedCount  *Int64               `json:"RollbackFailedCount"`
	MatchWorkerCount     *Int64               `json:"MatchWorkerCount"`
	CertCount            *Int64               `json:"CertCount"`
	ResourceCount        *Int64               `json:"ResourceCount"`
	BuyCount             *Int64               `json:"BuyCount"`
	UseCount             *Int64               `json:"UseCount"`
	CostCount            *Int64               `json:"CostCount"`
	ProductWorkerCount   []ProductWorkerCount `json:"ProductWorkerCount"` // nil when absent
}

// ProductWorkerCount is how many of a job's workers deploy to one product.
type ProductWorkerCount struct {
	ProductName *String `json:"ProductName"`
	Count       *Int64  `json:"Count"`
}

// DescribeDeploymentJobStatus counts a job's workers by outcome.
func (c *Client) DescribeDeploymentJobStatus(ctx context.Context, jobID int64) (*DeploymentJobStatus, error) {
	var body struct {
		envelope
		DeploymentJobStatus
	}
	if _, err := c.call(ctx, "DescribeDeploymentJobStatus", request{query: jobQuery(jobID)}, &body); err != nil {
		return nil, err
	}
	return &body.DeploymentJobStatus, nil
}

// write calls an operation whose answer holds nothing but its RequestId
// (and an undocumented Data).
func (c *Client) write(ctx context.Context, action string, query map[string]string) error {
	var body envelope
	_, err := c.call(ctx, action, request{query: query}, &body)
	return err
}

func jobQuery(jobID int64) map[string]string {
	return map[string]string{"JobId": strconv.FormatInt(jobID, 10)}
}

// idList is IDs as CreateDeploymentJob and UpdateDeploymentJob take them:
// "12342649,12304338".
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// millisText is t as UNIX milliseconds, as ScheduleTime is sent.
func millisText(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
