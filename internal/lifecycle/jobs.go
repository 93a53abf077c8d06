package lifecycle

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// A deployment job is one run: created as a draft (editing), started
// (pending until its ScheduleTime, or scheduling), processing, then success
// or error, after which CAS never changes it. A new run is a new job.

// JobSpec is what a job deploys, as CreateDeploymentJob takes it.
type JobSpec = cas.CreateDeploymentJobRequest

// CreateJob creates the job once and returns its ID. A draft that already
// deploys exactly the spec (left by an earlier run whose create answer was
// lost, or whose start failed) is that job: it is adopted, not made again.
// A lost answer is settled the same way.
func (e *Engine) CreateJob(ctx context.Context, spec JobSpec) (int64, error) {
	if id, err := e.FindDraft(ctx, spec); err != nil || id != 0 {
		if id != 0 {
			e.log.Info(ctx, fmt.Sprintf("adopted draft deployment job %d, which deploys exactly this", id), map[string]any{"job_id": id})
		}
		return id, err
	}
	return once(ctx, e, write[int64]{
		action: "CreateDeploymentJob",
		do:     func(ctx context.Context) (int64, error) { return e.client.CreateDeploymentJob(ctx, spec) },
		look: func(ctx context.Context) (int64, bool, error) {
			id, err := e.FindDraft(ctx, spec)
			return id, id != 0, err
		},
	})
}

// FindDraft is the newest job still editing that deploys exactly the spec:
// type, name, certificates, resources, contacts and schedule; 0 when none
// does.
func (e *Engine) FindDraft(ctx context.Context, spec JobSpec) (int64, error) {
	list, err := e.client.ListDeploymentJobs(ctx, cas.DeploymentJobFilter{JobType: spec.JobType, Status: cas.JobEditing})
	if err != nil {
		return 0, err
	}
	var candidates []int64
	for _, j := range list.Jobs {
		if j.Name.Value() == spec.Name {
			candidates = append(candidates, j.ID.Value())
		}
	}
	slices.Sort(candidates)
	for _, id := range slices.Backward(candidates) {
		got, err := e.JobSpec(ctx, id)
		if Gone(err) {
			continue // deleted meanwhile
		}
		if err != nil {
			return 0, err
		}
		if sameIDs(got.CertIDs, spec.CertIDs) && sameIDs(got.ResourceIDs, spec.ResourceIDs) && sameIDs(got.ContactIDs, spec.ContactIDs) &&
			got.ScheduleTime.UnixMilli() == spec.ScheduleTime.UnixMilli() {
			return id, nil
		}
	}
	return 0, nil
}

// JobSpec reads back what a job deploys: name, type, certificates,
// resources, contacts and schedule.
func (e *Engine) JobSpec(ctx context.Context, jobID int64) (JobSpec, error) {
	job, err := e.describe(ctx, jobID)
	if err != nil {
		return JobSpec{}, err
	}
	spec := JobSpec{Name: job.Name.Value(), JobType: job.JobType.Value()}
	if at := job.ScheduleTime.Value(); at > 0 {
		spec.ScheduleTime = cas.Instant(at)
	}
	for _, c := range job.Contacts {
		if id, err := strconv.ParseInt(c.ID.Value(), 10, 64); err == nil {
			spec.ContactIDs = append(spec.ContactIDs, id)
		}
	}
	certs, err := e.client.ListDeploymentJobCert(ctx, jobID)
	if err != nil {
		return JobSpec{}, err
	}
	for _, c := range certs.Certs {
		if c.CertID != nil {
			spec.CertIDs = append(spec.CertIDs, c.CertID.Value())
		}
	}
	resources, err := e.client.ListDeploymentJobResource(ctx, jobID)
	if err != nil {
		return JobSpec{}, err
	}
	for _, r := range resources.Resources {
		if r.ID != nil {
			spec.ResourceIDs = append(spec.ResourceIDs, r.ID.Value())
		}
	}
	if len(spec.ResourceIDs) == 0 { // CAS can empty a finished job's list: its workers still say
		workers, err := e.Workers(ctx, jobID, "")
		if err != nil {
			return JobSpec{}, err
		}
		for _, w := range workers {
			if w.ResourceID != nil && !slices.Contains(spec.ResourceIDs, w.ResourceID.Value()) {
				spec.ResourceIDs = append(spec.ResourceIDs, w.ResourceID.Value())
			}
		}
	}
	for _, ids := range [][]int64{spec.CertIDs, spec.ResourceIDs, spec.ContactIDs} {
		slices.Sort(ids)
	}
	return spec, nil
}

// UpdateDraft changes a draft's name, certificates, resources, contacts or
// schedule. A lost answer is settled by reading the job back.
func (e *Engine) UpdateDraft(ctx context.Context, req cas.UpdateDeploymentJobRequest) error {
	_, err := once(ctx, e, write[struct{}]{
		action: "UpdateDeploymentJob",
		do:     func(ctx context.Context) (struct{}, error) { return struct{}{}, e.client.UpdateDeploymentJob(ctx, req) },
		look: func(ctx context.Context) (struct{}, bool, error) {
			got, err := e.JobSpec(ctx, req.JobID)
			done := err == nil && (req.Name == nil || got.Name == *req.Name) &&
				(req.CertIDs == nil || sameIDs(got.CertIDs, req.CertIDs)) &&
				(req.ResourceIDs == nil || sameIDs(got.ResourceIDs, req.ResourceIDs)) &&
				(req.ContactIDs == nil || sameIDs(got.ContactIDs, req.ContactIDs)) &&
				(req.ScheduleTime == nil || got.ScheduleTime.UnixMilli() == req.ScheduleTime.UnixMilli())
			return struct{}{}, done, err
		},
	})
	return err
}

// StartJob starts a draft: at its ScheduleTime when scheduled, else at
// once. It returns the status the job was left in. A lost answer is settled
// by the job's status: anything but editing means it started.
func (e *Engine) StartJob(ctx context.Context, jobID int64, scheduled bool) (cas.JobStatus, error) {
	to := cas.JobScheduling
	if scheduled {
		to = cas.JobPending
	}
	return once(ctx, e, write[cas.JobStatus]{
		action: "UpdateDeploymentJobStatus",
		do: func(ctx context.Context) (cas.JobStatus, error) {
			return to, e.client.UpdateDeploymentJobStatus(ctx, jobID, to)
		},
		look: func(ctx context.Context) (cas.JobStatus, bool, error) {
			status, err := e.Status(ctx, jobID)
			return status, err == nil && status != cas.JobEditing, err
		},
	})
}

// StopJob sends a job that has not begun running back to editing, and
// returns its status then: editing, or processing (or later) when it had
// begun, which CAS refuses to stop.
func (e *Engine) StopJob(ctx context.Context, jobID int64) (cas.JobStatus, error) {
	status, err := once(ctx, e, write[cas.JobStatus]{
		action: "UpdateDeploymentJobStatus",
		do: func(ctx context.Context) (cas.JobStatus, error) {
			return cas.JobEditing, e.client.UpdateDeploymentJobStatus(ctx, jobID, cas.JobEditing)
		},
		look: func(ctx context.Context) (cas.JobStatus, bool, error) {
			status, err := e.Status(ctx, jobID)
			return status, err == nil && (status == cas.JobEditing || status == cas.JobProcessing || status.Finished()), err
		},
	})
	if cas.RefusedAsProcessing(err) {
		return e.Status(ctx, jobID)
	}
	return status, err
}

// Status is the job's status. A job that does not exist, or was deleted,
// is a *GoneError.
func (e *Engine) Status(ctx context.Context, jobID int64) (cas.JobStatus, error) {
	job, err := e.describe(ctx, jobID)
	if err != nil {
		return "", err
	}
	return job.CurrentStatus(), nil
}

// describe is DescribeDeploymentJob, with a job that does not exist or was
// deleted as a *GoneError.
func (e *Engine) describe(ctx context.Context, jobID int64) (*cas.DeploymentJobDetail, error) {
	res, err := e.client.DescribeDeploymentJob(ctx, jobID)
	switch {
	case err != nil && cas.Classify(err).Kind == cas.KindNotFound:
		return nil, &GoneError{What: jobName(jobID), Err: err}
	case err != nil:
		return nil, err
	case res.Job.CurrentStatus() == cas.JobDeleted:
		return nil, &GoneError{What: jobName(jobID)}
	}
	return &res.Job, nil
}

func jobName(jobID int64) string { return fmt.Sprintf("deployment job %d", jobID) }

// UnexpectedStatusError ends a wait that saw a status it was not told of.
type UnexpectedStatusError struct {
	JobID           int64
	Status          cas.JobStatus
	Pending, Target []cas.JobStatus
}

func (e *UnexpectedStatusError) Error() string {
	status := string(e.Status)
	if status == "" {
		status = "(none)"
	}
	return fmt.Sprintf("deployment job %d is %s, which is neither one waited through (%v) nor one waited for (%v)",
		e.JobID, status, e.Pending, e.Target)
}

// WaitJob polls the job, last seen in status last, until its status is one
// of target, and returns it. A status neither pending nor target ends the
// wait at once with an *UnexpectedStatusError, the job vanishing with a
// *GoneError; ctx ending (the timeout, an interrupt) with ctx's error. The
// status returned with an error is the last one seen.
func (e *Engine) WaitJob(ctx context.Context, jobID int64, last cas.JobStatus, pending, target []cas.JobStatus) (cas.JobStatus, error) {
	check := func(status cas.JobStatus) (bool, error) {
		switch {
		case slices.Contains(target, status):
			return true, nil
		case slices.Contains(pending, status):
			return false, nil
		}
		return false, &UnexpectedStatusError{JobID: jobID, Status: status, Pending: pending, Target: target}
	}
	if done, err := check(last); done || err != nil {
		return last, err
	}
	err := e.poll(ctx, func(ctx context.Context) (bool, error) {
		status, err := e.Status(ctx, jobID)
		if err != nil {
			return false, err
		}
		if status != last {
			e.log.Info(ctx, fmt.Sprintf("deployment job %d is %s", jobID, status),
				map[string]any{"job_id": jobID, "status": string(status), "was": string(last)})
			last = status
		}
		return check(status)
	})
	return last, err
}

// Running are the statuses of a started job that has not finished.
var Running = []cas.JobStatus{cas.JobPending, cas.JobScheduling, cas.JobProcessing}

// Finished are the statuses a job ends in.
var Finished = []cas.JobStatus{cas.JobSuccess, cas.JobError}

// JobReport is what a job is now: its record, status, counts and the
// workers that failed.
type JobReport struct {
	Job           cas.DeploymentJobDetail
	Status        cas.JobStatus
	Counts        cas.DeploymentJobStatus
	FailedWorkers []cas.Worker // by worker ID; empty when none failed
}

// Report reads what the job is now. A job that does not exist, or was
// deleted, is a *GoneError.
func (e *Engine) Report(ctx context.Context, jobID int64) (*JobReport, error) {
	job, err := e.describe(ctx, jobID)
	if err != nil {
		return nil, err
	}
	counts, err := e.client.DescribeDeploymentJobStatus(ctx, jobID)
	if err != nil {
		return nil, err
	}
	report := &JobReport{Job: *job, Status: job.CurrentStatus(), Counts: *counts, FailedWorkers: []cas.Worker{}}
	if counts.FailedCount.Value() > 0 {
		if report.FailedWorkers, err = e.Workers(ctx, jobID, cas.WorkerError); err != nil {
			return nil, err
		}
	}
	return report, nil
}

// Workers are the job's workers in status (every one when status is
// empty), by worker ID.
func (e *Engine) Workers(ctx context.Context, jobID int64, status cas.WorkerStatus) ([]cas.Worker, error) {
	res, err := e.client.ListWorkerResource(ctx, cas.WorkerFilter{JobID: jobID, Status: status})
	if err != nil {
		return nil, err
	}
	workers := res.Workers
	slices.SortFunc(workers, func(a, b cas.Worker) int { return cmp.Compare(a.ID.Value(), b.ID.Value()) })
	return workers, nil
}

// DeleteJob deletes the job's record: a job not yet running is sent back to
// editing first, a running one waited for, a finished one rolled back first
// when rollBack is set. What the job deployed stays deployed unless rolled
// back. A job already gone is no error. It returns the job's last status;
// with an error, the job was not deleted.
func (e *Engine) DeleteJob(ctx context.Context, jobID int64, rollBack bool) (cas.JobStatus, error) {
	status, err := e.Status(ctx, jobID)
	if Gone(err) {
		return cas.JobDeleted, nil
	}
	if err != nil {
		return status, err
	}
	if status == cas.JobPending || status == cas.JobScheduling {
		if status, err = e.StopJob(ctx, jobID); err != nil {
			return status, err
		}
	}
	if status != cas.JobEditing {
		if status, err = e.WaitJob(ctx, jobID, status, Running, append([]cas.JobStatus{cas.JobEditing}, Finished...)); err != nil {
			return status, err
		}
	}
	if rollBack && status.Finished() {
		if _, err := e.RollBack(ctx, jobID, nil); err != nil {
			return status, err
		}
	}
	err = deleteOnce(ctx, e, "DeleteDeploymentJob",
		func(ctx context.Context) error { return e.client.DeleteDeploymentJob(ctx, jobID) },
		func(ctx context.Context) error {
			_, err := e.Status(ctx, jobID)
			return err
		})
	if err == nil {
		status = cas.JobDeleted
	}
	return status, err
}

func sameIDs(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
