package cas

import (
	"context"
	"fmt"
	"strconv"
)

// DeploymentJobFilter narrows ListDeploymentJob on the server side; an empty
// field does not filter.
type DeploymentJobFilter struct {
	JobType string // cloud, user or trustee
	Status  string // pending, editing, scheduling, processing, error or success
}

// ListDeploymentJobsResponse is every job ListDeploymentJob lists for a filter.
type ListDeploymentJobsResponse struct {
	Jobs  []DeploymentJob // in the API's order, each once, never nil
	Pages int             // how many pages were read
}

type listDeploymentJobBody struct {
	listBody
	Total *Int64 `json:"Total"` // all matching jobs, not only this page's
}

// ListDeploymentJobs returns every deployment job matching filter, walking
// ListDeploymentJob's pages (see walkPages).
func (c *Client) ListDeploymentJobs(ctx context.Context, filter DeploymentJobFilter) (*ListDeploymentJobsResponse, error) {
	fetch := func(ctx context.Context, number int) (page[DeploymentJob], error) {
		return c.listDeploymentJobPage(ctx, filter, number)
	}
	jobs, pages, err := walkPages(ctx, "ListDeploymentJob", fetch, func(j DeploymentJob) int64 { return int64(*j.ID) })
	if err != nil {
		return nil, err
	}
	return &ListDeploymentJobsResponse{Jobs: jobs, Pages: pages}, nil
}

func (c *Client) listDeploymentJobPage(ctx context.Context, filter DeploymentJobFilter, number int) (page[DeploymentJob], error) {
	const action = "ListDeploymentJob"
	query := map[string]string{"CurrentPage": strconv.Itoa(number), "ShowSize": strconv.Itoa(PageSize)}
	if filter.JobType != "" {
		query["JobType"] = filter.JobType
	}
	if filter.Status != "" {
		query["Status"] = filter.Status
	}
	var body listDeploymentJobBody
	jobs, raw, err := callList[DeploymentJob](ctx, c, action, query, &body)
	if err != nil {
		return page[DeploymentJob]{}, err
	}
	for i, j := range jobs {
		// A job without its ID cannot be told apart or read further.
		if j.ID == nil {
			return page[DeploymentJob]{}, &ResponseError{Action: action, StatusCode: raw.status, RequestID: string(body.RequestID),
				Reason: fmt.Sprintf("Data[%d] has no Id (page %d)", i, number)}
		}
	}
	return page[DeploymentJob]{items: jobs, total: body.Total, requestID: string(body.RequestID)}, nil
}
