package cas

import "context"

// DeploymentJobFilter narrows ListDeploymentJob on the server side; an empty
// field does not filter.
type DeploymentJobFilter struct {
	JobType string    // cloud, user or trustee
	Status  JobStatus // empty: any
}

// ListDeploymentJobsResponse is every job ListDeploymentJob lists for a filter.
type ListDeploymentJobsResponse struct {
	Jobs  []DeploymentJob // in the API's order, each once, never nil
	Pages int             // how many pages were read
}

// ListDeploymentJobs returns every deployment job matching filter, walking
// ListDeploymentJob's pages (see walkPages).
func (c *Client) ListDeploymentJobs(ctx context.Context, filter DeploymentJobFilter) (*ListDeploymentJobsResponse, error) {
	jobs, pages, err := listAll(ctx, c, jobListing(filter))
	if err != nil {
		return nil, err
	}
	return &ListDeploymentJobsResponse{Jobs: jobs, Pages: pages}, nil
}

// EachDeploymentJob hands every job matching filter to yield as its page
// comes, until yield returns false.
func (c *Client) EachDeploymentJob(ctx context.Context, filter DeploymentJobFilter, yield func(DeploymentJob) bool) error {
	return streamAll(ctx, c, jobListing(filter), yield)
}

func jobListing(filter DeploymentJobFilter) listing[DeploymentJob] {
	return listing[DeploymentJob]{action: "ListDeploymentJob", items: "Data", idName: "Id",
		query: map[string]string{"JobType": filter.JobType, "Status": string(filter.Status)},
		id:    func(j DeploymentJob) *Int64 { return j.ID }}
}
