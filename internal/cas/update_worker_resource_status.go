package cas

import (
	"context"
	"strconv"
)

// WorkerRollback is the one status UpdateWorkerResourceStatus documents.
const WorkerRollback = "rollback"

// UpdateWorkerResourceStatus sets the worker workerID of the job jobID to
// status; WorkerRollback puts the resource's previous certificate back.
func (c *Client) UpdateWorkerResourceStatus(ctx context.Context, jobID, workerID int64, status string) error {
	var body envelope
	_, err := c.call(ctx, "UpdateWorkerResourceStatus", request{query: map[string]string{"JobId": strconv.FormatInt(jobID, 10),
		"WorkerId": strconv.FormatInt(workerID, 10), "Status": status}}, &body)
	return err
}
