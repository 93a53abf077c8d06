package cas

import (
	"context"
	"strconv"
)

// Worker is one certificate on one cloud resource within a deployment job,
// as ListWorkerResource lists it. A nil field was absent from the answer.
type Worker struct {
	OddValues               // fields left absent because their value was odd
	ID              *Int64  `json:"Id"` // the WorkerId of UpdateWorkerResourceStatus
	JobID           *Int64  `json:"JobId"`
	Status          *String `json:"Status"` // editing, pending, scheduling, processing, success, error, rollback, rollback_success, rollback_error
	CertID          *Int64  `json:"CertId"`
	CertName        *String `json:"CertName"`
	CertDomain      *String `json:"CertDomain"`
	CertInstanceID  *String `json:"CertInstanceId"`
	OrderID         *Int64  `json:"OrderId"` // absent whenever CertId is present
	CloudName       *String `json:"CloudName"`
	CloudProduct    *String `json:"CloudProduct"`
	CloudRegion     *String `json:"CloudRegion"`
	RegionID        *String `json:"RegionId"`
	ResourceID      *Int64  `json:"ResourceId"`
	InstanceID      *String `json:"InstanceId"`
	ListenerID      *String `json:"ListenerId"`
	Port            *Int64  `json:"Port"`
	DefaultResource *Bool   `json:"DefaultResource"`
	NamespaceID     *String `json:"NamespaceId"`
	ResourceCertID  *Int64  `json:"ResourceCertId"` // the certificate the resource had before
	ResourceDomain  *String `json:"ResourceDomain"`
	GmtCreate       *Int64  `json:"GmtCreate"` // milliseconds, sent as a string; see Instant
	GmtModified     *Int64  `json:"GmtModified"`
	UserID          *Int64  `json:"UserId"`
}

// WorkerFilter picks a job's workers; an empty Status or CloudProduct does
// not filter.
type WorkerFilter struct {
	JobID        int64
	Status       WorkerStatus
	CloudProduct string
}

// ListWorkersResponse is every worker ListWorkerResource lists for a filter.
type ListWorkersResponse struct {
	Workers []Worker // in the API's order, each once, never nil
	Pages   int
}

// ListWorkerResource returns every worker of a job that matches filter,
// walking the pages.
func (c *Client) ListWorkerResource(ctx context.Context, filter WorkerFilter) (*ListWorkersResponse, error) {
	workers, pages, err := listAll(ctx, c, listing[Worker]{action: "ListWorkerResource", items: "Data", idName: "Id",
		query: map[string]string{"JobId": strconv.FormatInt(filter.JobID, 10), "Status": string(filter.Status), "CloudProduct": filter.CloudProduct},
		id:    func(w Worker) *Int64 { return w.ID }})
	if err != nil {
		return nil, err
	}
	return &ListWorkersResponse{Workers: workers, Pages: pages}, nil
}

// UpdateWorkerResourceStatus moves one worker of a job to status:
// WorkerRollback, the one status it documents, puts the resource's
// previous certificate back.
func (c *Client) UpdateWorkerResourceStatus(ctx context.Context, jobID, workerID int64, status WorkerStatus) error {
	query := jobQuery(jobID)
	query["WorkerId"], query["Status"] = strconv.FormatInt(workerID, 10), string(status)
	return c.write(ctx, "UpdateWorkerResourceStatus", query)
}

// CreateRollbackTask rolls one worker of a finished job back: the newer
// operation for what UpdateWorkerResourceStatus with WorkerRollback does.
// Accounts (or endpoints) that predate it answer an InvalidAction code; see
// NotOffered.
func (c *Client) CreateRollbackTask(ctx context.Context, jobID, workerID int64) error {
	query := jobQuery(jobID)
	query["WorkerId"] = strconv.FormatInt(workerID, 10)
	return c.write(ctx, "CreateRollbackTask", query)
}
