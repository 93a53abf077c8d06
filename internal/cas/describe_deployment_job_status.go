package cas

import (
	"context"
	"strconv"
)

// DeploymentJobStatus is DescribeDeploymentJobStatus's counters of a job's
// workers. Success and failed counts leave rollbacks out. A nil field was
// absent from the answer.
type DeploymentJobStatus struct {
	WorkerCount          *Int64 `json:"WorkerCount"`
	SuccessCount         *Int64 `json:"SuccessCount"`
	FailedCount          *Int64 `json:"FailedCount"`
	RollbackCount        *Int64 `json:"RollbackCount"`
	RollbackSuccessCount *Int64 `json:"RollbackSuccessCount"`
	RollbackFailedCount  *Int64 `json:"RollbackFailedCount"`
}

// DescribeDeploymentJobStatus returns the worker counters of the job jobID.
func (c *Client) DescribeDeploymentJobStatus(ctx context.Context, jobID int64) (*DeploymentJobStatus, error) {
	var body struct {
		envelope
		DeploymentJobStatus
	}
	if _, err := c.call(ctx, "DescribeDeploymentJobStatus", request{query: map[string]string{"JobId": strconv.FormatInt(jobID, 10)}}, &body); err != nil {
		return nil, err
	}
	return &body.DeploymentJobStatus, nil
}
