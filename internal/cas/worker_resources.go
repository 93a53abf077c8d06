package cas

import (
	"context"
	"strconv"
)

// Worker deploys one certificate to one cloud resource within a deployment
// job, as ListWorkerResource lists it. A nil field was absent from the answer.
type Worker struct {
	OddValues
	ID              *Int64  `json:"Id"` // the WorkerId of rollbacks
	JobID           *Int64  `json:"JobId"`
	Status          *String `json:"Status"` // editing, pending, scheduling, processing, error, success, rollback, rollback_success, rollback_error
	CertID          *Int64  `json:"CertId"`
	CertName        *String `json:"CertName"`
	CertDomain      *String `json:"CertDomain"`
	CertInstanceID  *String `json:"CertInstanceId"`
	OrderID         *Int64  `json:"OrderId"`
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
	ResourceCertID  *Int64  `json:"ResourceCertId"` // the certificate the resource carried before
	ResourceDomain  *String `json:"ResourceDomain"`
	GmtCreate       *Int64  `json:"GmtCreate"` // milliseconds, sent as a string; see Instant
	GmtModified     *Int64  `json:"GmtModified"`
	UserID          *Int64  `json:"UserId"`
}

// WorkerFilter narrows ListWorkerResource; an empty field does not filter.
type WorkerFilter struct {
	Status       string
	CloudProduct string
}

// ListWorkersResponse is every worker of a job ListWorkerResource lists for a filter.
type ListWorkersResponse struct {
	Workers []Worker // in the API's order, each once, never nil
	Pages   int
}

// ListWorkers returns every worker of the deployment job jobID that matches
// filter, walking ListWorkerResource's pages.
func (c *Client) ListWorkers(ctx context.Context, jobID int64, filter WorkerFilter) (*ListWorkersResponse, error) {
	const action = "ListWorkerResource"
	query := map[string]string{"JobId": strconv.FormatInt(jobID, 10)}
	if filter.Status != "" {
		query["Status"] = filter.Status
	}
	if filter.CloudProduct != "" {
		query["CloudProduct"] = filter.CloudProduct
	}
	fetch := func(ctx context.Context, number int) (page[Worker], error) {
		var body totalListBody
		items, raw, err := callList[Worker](ctx, c, action, pageQuery(query, number), &body)
		if err == nil {
			err = requireIDs(action, raw, string(body.RequestID), number, "Data", "Id", items, func(w Worker) *Int64 { return w.ID })
		}
		if err != nil {
			return page[Worker]{}, err
		}
		return page[Worker]{items: items, total: body.Total, requestID: string(body.RequestID)}, nil
	}
	workers, pages, err := walkPages(ctx, action, fetch, func(w Worker) int64 { return int64(*w.ID) })
	if err != nil {
		return nil, err
	}
	return &ListWorkersResponse{Workers: workers, Pages: pages}, nil
}
