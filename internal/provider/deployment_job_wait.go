package provider

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Waiting for a deployment job: poll DescribeDeploymentJob at a growing
// interval until the job reaches a status the caller waits for, the
// caller's deadline passes or Terraform is interrupted. A long job costs few
// calls: about 15 for ten minutes.

// jobPolling is how often a job is looked at: first after about floor, each
// wait half again as long as the one before, never longer than ceiling.
// Tests lower the floor to match the emulator's short job steps, or give a
// fake clock.
type jobPolling struct {
	floor, ceiling time.Duration
	clock          cas.Clock // also bounds the waits by the resource's timeouts
}

// pollJobs is the polling every job wait uses.
var pollJobs = jobPolling{floor: time.Second, ceiling: 30 * time.Second, clock: cas.RealClock}

// interval is the wait before poll n (1 for the first): floor × 1.5^(n-1),
// capped, with ±20 % jitter so that many jobs started together do not
// poll together.
func (p jobPolling) interval(n int) time.Duration {
	d := float64(p.floor)
	for i := 1; i < n && d < float64(p.ceiling); i++ {
		d *= 1.5
	}
	d = min(d, float64(p.ceiling))
	return time.Duration(d * (0.8 + 0.4*rand.Float64())) //nolint:gosec // jitter spreads polls; it guards no secret
}

// poll calls check after each growing interval until it reports done, it
// fails, or ctx ends. It returns how many checks it made.
func poll(ctx context.Context, check func(context.Context) (bool, error)) (int, error) {
	for n := 1; ; n++ {
		if err := pollJobs.clock.Sleep(ctx, pollJobs.interval(n)); err != nil {
			return n - 1, err
		}
		if done, err := check(ctx); done || err != nil {
			return n, err
		}
	}
}

// jobWait is what a wait saw last: the job's status, and how many times it
// asked.
type jobWait struct {
	status string
	polls  int
}

// waitForJob polls the job, which was last seen in status last, until
// done(status) holds. It stops with ctx's error when the deadline passes or
// Terraform is interrupted, and with the API error when a poll fails for
// good; wait.status is then the last status seen. Each change of status is
// a log line.
func waitForJob(ctx context.Context, client *cas.Client, jobID int64, last string, done func(status string) bool) (jobWait, error) {
	wait := jobWait{status: last}
	if done(last) {
		return wait, nil
	}
	var err error
	wait.polls, err = poll(ctx, func(ctx context.Context) (bool, error) {
		res, err := client.DescribeDeploymentJob(ctx, jobID)
		if err != nil {
			return false, err
		}
		if status := jobStatus(&res.Job.DeploymentJob); status != wait.status {
			tflog.Info(ctx, fmt.Sprintf("deployment job %d is %s", jobID, status),
				map[string]any{"job_id": jobID, "status": status, "was": wait.status})
			wait.status = status
		}
		return done(wait.status), nil
	})
	return wait, err
}

// jobStatus is the job's status, "deleted" for one deleted outside
// Terraform, "" when the answer had none.
func jobStatus(j *cas.DeploymentJob) string {
	if j.Del != nil && bool(*j.Del) {
		return statusDeleted
	}
	if j.Status == nil {
		return ""
	}
	return string(*j.Status)
}

// The statuses of a job, as the API names them, and "deleted".
const (
	statusEditing    = "editing"
	statusPending    = "pending"
	statusScheduling = "scheduling"
	statusProcessing = "processing"
	statusSuccess    = "success"
	statusError      = "error"
	statusDeleted    = "deleted"
)

func finished(status string) bool { return status == statusSuccess || status == statusError }
