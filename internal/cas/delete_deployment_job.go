package cas

import (
	"context"
	"strconv"
)

// DeleteDeploymentJob deletes the record of the job jobID. It does not undo
// what the job deployed.
func (c *Client) DeleteDeploymentJob(ctx context.Context, jobID int64) error {
	var body envelope
	_, err := c.call(ctx, "DeleteDeploymentJob", request{query: map[string]string{"JobId": strconv.FormatInt(jobID, 10)}}, &body)
	return err
}
