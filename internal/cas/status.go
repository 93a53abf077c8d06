package cas

import "slices"

// The statuses of deployment jobs and their workers: the one vocabulary of
// the client, the lifecycle engine and the provider. (The emulator keeps its
// own words, so that it checks them independently.)

// JobStatus is a deployment job's Status, or JobDeleted for one whose Del
// flag is set.
type JobStatus string

const (
	JobEditing    JobStatus = "editing"    // a draft: created, or sent back before it ran
	JobPending    JobStatus = "pending"    // started, waiting for its ScheduleTime
	JobScheduling JobStatus = "scheduling" // started, about to run
	JobProcessing JobStatus = "processing" // running: it can no longer be stopped
	JobSuccess    JobStatus = "success"    // finished, every worker succeeded
	JobError      JobStatus = "error"      // finished, some worker failed
	JobDeleted    JobStatus = "deleted"    // not an API status: Del is 1
)

// JobStatuses are the statuses the API documents, as ListDeploymentJob filters them.
var JobStatuses = []JobStatus{JobPending, JobEditing, JobScheduling, JobProcessing, JobError, JobSuccess}

// Finished reports whether the job has run: CAS never changes it again.
func (s JobStatus) Finished() bool { return s == JobSuccess || s == JobError }

// Known reports whether s is a status the API documents.
func (s JobStatus) Known() bool { return slices.Contains(JobStatuses, s) }

// CurrentStatus is the job's status, JobDeleted when Del is set, "" when the
// answer had none.
func (j *DeploymentJob) CurrentStatus() JobStatus {
	if j.Del != nil && bool(*j.Del) {
		return JobDeleted
	}
	if j.Status == nil {
		return ""
	}
	return JobStatus(*j.Status)
}

// WorkerStatus is a worker's Status: its job's, then its own rollback's.
type WorkerStatus string

const (
	WorkerEditing         WorkerStatus = "editing"
	WorkerPending         WorkerStatus = "pending"
	WorkerScheduling      WorkerStatus = "scheduling"
	WorkerProcessing      WorkerStatus = "processing"
	WorkerSuccess         WorkerStatus = "success"
	WorkerError           WorkerStatus = "error"
	WorkerRollback        WorkerStatus = "rollback" // rolling back; also what UpdateWorkerResourceStatus sets
	WorkerRollbackSuccess WorkerStatus = "rollback_success"
	WorkerRollbackError   WorkerStatus = "rollback_error"
)

// WorkerStatuses are the statuses the API documents for a worker.
var WorkerStatuses = []WorkerStatus{WorkerEditing, WorkerPending, WorkerScheduling, WorkerProcessing, WorkerError, WorkerSuccess,
	WorkerRollback, WorkerRollbackSuccess, WorkerRollbackError}

// RolledBack reports whether a rollback was asked for this worker (it may
// still be rolling back).
func (s WorkerStatus) RolledBack() bool {
	return s == WorkerRollback || s == WorkerRollbackSuccess || s == WorkerRollbackError
}

// CurrentStatus is the worker's status, "" when the answer had none.
func (w *Worker) CurrentStatus() WorkerStatus {
	if w.Status == nil {
		return ""
	}
	return WorkerStatus(*w.Status)
}

// Strings are statuses as plain strings, for validators and docs.
func Strings[S ~string](statuses []S) []string {
	out := make([]string, len(statuses))
	for i, s := range statuses {
		out[i] = string(s)
	}
	return out
}
