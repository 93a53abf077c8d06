package lifecycle

import (
	"context"
	"fmt"
	"slices"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Rolling back puts back on a resource the certificate it had before a
// finished job deployed to it, one worker at a time
// (UpdateWorkerResourceStatus): rollback, then rollback_success, or
// rollback_error when the resource changed since.

// RollbackResult is how a rollback ended, worker by worker.
type RollbackResult struct {
	RolledBack []cas.Worker // rollback_success
	Failed     []cas.Worker // rollback_error
}

// RollbackFailedError is a rollback that ended with some workers failed.
type RollbackFailedError struct {
	JobID  int64
	Failed []cas.Worker
}

func (e *RollbackFailedError) Error() string {
	return fmt.Sprintf("the rollback of %d worker(s) of deployment job %d failed: another deployment changed their resources since",
		len(e.Failed), e.JobID)
}

// RollBack rolls back the given workers of a finished job (every successful
// one when none is given), each once, and waits until none is still
// rolling back. Workers whose rollback fails make it a *RollbackFailedError,
// returned with the result. progress, when not nil, is told each time the
// count of workers still rolling back changes.
func (e *Engine) RollBack(ctx context.Context, jobID int64, workerIDs []int64, progress ...func(pending int)) (RollbackResult, error) {
	var result RollbackResult
	workers, err := e.Workers(ctx, jobID, "")
	if err != nil {
		return result, err
	}
	var chosen []cas.Worker
	for _, w := range workers {
		if len(workerIDs) == 0 && w.CurrentStatus() == cas.WorkerSuccess || slices.Contains(workerIDs, w.ID.Value()) {
			chosen = append(chosen, w)
		}
	}
	if len(chosen) < len(workerIDs) {
		return result, fmt.Errorf("deployment job %d has no worker %v", jobID, missingWorkers(workerIDs, workers))
	}
	for _, w := range chosen {
		if w.CurrentStatus().RolledBack() {
			continue // asked before: never twice
		}
		if err := e.rollBackWorker(ctx, jobID, w.ID.Value()); err != nil {
			return result, err
		}
		workerID := w.ID.Value()
		e.log.Info(ctx, fmt.Sprintf("rolling back worker %d of deployment job %d", workerID, jobID),
			map[string]any{"job_id": jobID, "worker_id": workerID})
	}
	if len(chosen) == 0 {
		return result, nil
	}
	last, pending := -1, 0
	err = e.poll(ctx, func(ctx context.Context) (bool, error) {
		all, err := e.Workers(ctx, jobID, "")
		if err != nil {
			return false, err
		}
		result, pending = RollbackResult{}, 0
		for _, w := range all {
			if !slices.ContainsFunc(chosen, func(c cas.Worker) bool { return c.ID.Value() == w.ID.Value() }) {
				continue
			}
			switch w.CurrentStatus() {
			case cas.WorkerRollback:
				pending++
			case cas.WorkerRollbackSuccess:
				result.RolledBack = append(result.RolledBack, w)
			case cas.WorkerRollbackError:
				result.Failed = append(result.Failed, w)
			}
		}
		if pending != last && len(progress) > 0 {
			progress[0](pending)
		}
		last = pending
		return pending == 0, nil
	})
	if err == nil && len(result.Failed) > 0 {
		err = &RollbackFailedError{JobID: jobID, Failed: result.Failed}
	}
	return result, err
}

// rollBackWorker asks once for one worker's rollback: with
// CreateRollbackTask where the account answers it, else with
// UpdateWorkerResourceStatus (remembered for the engine's life).
func (e *Engine) rollBackWorker(ctx context.Context, jobID, workerID int64) error {
	look := func(ctx context.Context) (struct{}, bool, error) {
		status, err := e.workerStatus(ctx, jobID, workerID)
		return struct{}{}, status.RolledBack(), err
	}
	if !e.noRollbackTask.Load() {
		_, err := once(ctx, e, write[struct{}]{action: "CreateRollbackTask", look: look,
			do: func(ctx context.Context) (struct{}, error) {
				return struct{}{}, e.client.CreateRollbackTask(ctx, jobID, workerID)
			}})
		if !cas.NotOffered(err) {
			return err
		}
		e.noRollbackTask.Store(true)
		e.log.Info(ctx, "CreateRollbackTask is not offered here; rolling back with UpdateWorkerResourceStatus", nil)
	}
	_, err := once(ctx, e, write[struct{}]{action: "UpdateWorkerResourceStatus", look: look,
		do: func(ctx context.Context) (struct{}, error) {
			return struct{}{}, e.client.UpdateWorkerResourceStatus(ctx, jobID, workerID, cas.WorkerRollback)
		}})
	return err
}

func (e *Engine) workerStatus(ctx context.Context, jobID, workerID int64) (cas.WorkerStatus, error) {
	workers, err := e.Workers(ctx, jobID, "")
	if err != nil {
		return "", err
	}
	for _, w := range workers {
		if w.ID.Value() == workerID {
			return w.CurrentStatus(), nil
		}
	}
	return "", &GoneError{What: fmt.Sprintf("worker %d of deployment job %d", workerID, jobID)}
}

func missingWorkers(ids []int64, workers []cas.Worker) []int64 {
	var missing []int64
	for _, id := range ids {
		if !slices.ContainsFunc(workers, func(w cas.Worker) bool { return w.ID.Value() == id }) {
			missing = append(missing, id)
		}
	}
	return missing
}
