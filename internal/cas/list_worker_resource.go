package cas

import (
	"context"
	"strconv"
)

// Worker is one certificate deployed to one cloud resource by a job, as
// ListWorkerResource returns it. A nil field was absent from the answer.
type Worker struct {
	OddValues              // fields left absent because their value was odd
	ID             *Int64  `json:"Id"`
	JobID          *Int64  `json:"JobId"`
	Status         *String `json:"Status"` // editing ... success, error, rollback, rollback_success, rollback_error
	CertID         *Int64  `json:"CertId"`
	CertName       *String `json:"CertName"`
	CertDomain     *String `json:"CertDomain"`
	CloudName      *String `json:"CloudName"`
	CloudProduct   *String `json:"CloudProduct"`
	CloudRegion    *String `json:"CloudRegion"`
	RegionID       *String `json:"RegionId"`
	ResourceID     *Int64  `json:"ResourceId"`
	InstanceID     *String `json:"InstanceId"`
	ListenerID     *String `json:"ListenerId"`
	Port           *Int64  `json:"Port"`
	ResourceCertID *Int64  `json:"ResourceCertId"` // what the resource carried before
	ResourceDomain *String `json:"ResourceDomain"`
	GmtCreate      *Int64  `json:"GmtCreate"`
	GmtModified    *Int64  `json:"GmtModified"`
}

// WorkerFilter narrows ListWorkerResource; an empty field does not filter.
type WorkerFilter struct {
	Status       string
	CloudProduct string
}

type listWorkerResourceBody struct {
	listBody
	Total *Int64 `json:"Total"`
}

// ListWorkersResponse is every worker of a job ListWorkerResource lists for a filter.
type ListWorkersResponse struct {
	Workers []Worker // in the API's order, each once, never nil
	Pages   int
}

// ListWorkers returns every worker of the job jobID that filter selects,
// walking ListWorkerResource's pages. (i13 has the same; one goes at the merge.)
func (c *Client) ListWorkers(ctx context.Context, jobID int64, filter WorkerFilter) (*ListWorkersResponse, error) {
	const action = "ListWorkerResource"
	fetch := func(ctx context.Context, number int) (page[Worker], error) {
		query := map[string]string{"JobId": strconv.FormatInt(jobID, 10),
			"CurrentPage": strconv.Itoa(number), "ShowSize": strconv.Itoa(PageSize)}
		if filter.Status != "" {
			query["Status"] = filter.Status
		}
		if filter.CloudProduct != "" {
			query["CloudProduct"] = filter.CloudProduct
		}
		var body listWorkerResourceBody
		workers, raw, err := callList[Worker](ctx, c, action, query, &body)
		if err != nil {
			return page[Worker]{}, err
		}
		for i, w := range workers {
			if w.ID == nil {
				return page[Worker]{}, &ResponseError{Action: action, StatusCode: raw.status, RequestID: string(body.RequestID),
					Reason: "Data[" + strconv.Itoa(i) + "] has no Id (page " + strconv.Itoa(number) + ")"}
			}
		}
		return page[Worker]{items: workers, total: body.Total, requestID: string(body.RequestID)}, nil
	}
	workers, pages, err := walkPages(ctx, action, fetch, func(w Worker) int64 { return int64(*w.ID) })
	if err != nil {
		return nil, err
	}
	return &ListWorkersResponse{Workers: workers, Pages: pages}, nil
}
