package cas

import (
	"context"
	"strconv"
)

// UpdateDeploymentJob replaces what the job jobID deploys (its name, IDs and
// schedule; not its type). CAS accepts it only while the job is editing.
func (c *Client) UpdateDeploymentJob(ctx context.Context, jobID int64, spec DeploymentJobSpec) error {
	spec.JobType = ""
	q := spec.query()
	q["JobId"] = strconv.FormatInt(jobID, 10)
	var body envelope
	_, err := c.call(ctx, "UpdateDeploymentJob", request{query: q}, &body)
	return err
}
