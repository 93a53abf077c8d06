package cas

import (
	"context"
	"strconv"
)

// The statuses UpdateDeploymentJobStatus sets.
const (
	JobPending    = "pending"    // run at ScheduleTime, or at once without one
	JobScheduling = "scheduling" // run now
	JobEditing    = "editing"    // back to editing, from pending or scheduling
)

// UpdateDeploymentJobStatus moves the job jobID to status (JobPending,
// JobScheduling or JobEditing). A finished job (success, error) cannot change.
func (c *Client) UpdateDeploymentJobStatus(ctx context.Context, jobID int64, status string) error {
	var body envelope
	_, err := c.call(ctx, "UpdateDeploymentJobStatus",
		request{query: map[string]string{"JobId": strconv.FormatInt(jobID, 10), "Status": status}}, &body)
	return err
}
