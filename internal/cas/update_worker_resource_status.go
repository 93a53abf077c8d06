package cas

import (
	"context"
	"strconv"
)

// WorkerStatusRollback is the one status UpdateWorkerResourceStatus
// documents: put the resource's previous certificate back.
const WorkerStatusRollback = "rollback"

// UpdateWorkerResourceStatus moves one worker of a job to status
// (WorkerStatusRollback). (The cas branch has the same in workers.go; one
// goes at the merge.)
func (c *Client) UpdateWorkerResourceStatus(ctx context.Context, jobID, workerID int64, status string) error {
	query := jobQuery(jobID)
	query["WorkerId"], query["Status"] = strconv.FormatInt(workerID, 10), status
	return c.write(ctx, "UpdateWorkerResourceStatus", query)
}
