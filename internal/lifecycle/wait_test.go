package lifecycle_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// A started job is waited for through its running statuses until it ends,
// in success or in error.
func TestWaitJob_reachesTarget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		resource int64
		want     cas.JobStatus
	}{
		{"success", resWAFShop, cas.JobSuccess},
		{"error, HTTPS off", resCDNOff, cas.JobError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			cert := certShop
			if tc.resource == resCDNOff {
				cert = 11174100 // covers api.example.com
			}
			id := e.draft(spec("wait", cert, tc.resource))
			started, err := e.engine.StartJob(ctx, id, false)
			if err != nil || started != cas.JobScheduling {
				t.Fatalf("StartJob = %s, %v; want scheduling", started, err)
			}
			got, err := e.engine.WaitJob(ctx, id, started, lifecycle.Running, lifecycle.Finished)
			if err != nil || got != tc.want {
				t.Fatalf("WaitJob = %s, %v; want %s", got, err, tc.want)
			}
			if now := e.status(id); now != tc.want {
				t.Fatalf("the account says the job is %s, WaitJob said %s", now, got)
			}
			// Steps of 1s, first look after about 1s, growing: a handful of looks.
			if n := e.sent.count("DescribeDeploymentJob"); n < 2 || n > 8 {
				t.Errorf("DescribeDeploymentJob sent %d times for a job of three 1s steps", n)
			}
		})
	}
}

// A status neither waited through nor waited for ends the wait at the
// first look, naming the status.
func TestWaitJob_unexpectedStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.draft(spec("unexpected", certShop, resWAFShop)) // editing: never started
	got, err := e.engine.WaitJob(context.Background(), id, cas.JobProcessing, []cas.JobStatus{cas.JobProcessing}, []cas.JobStatus{cas.JobSuccess})
	var unexpected *lifecycle.UnexpectedStatusError
	if !errors.As(err, &unexpected) || unexpected.Status != cas.JobEditing || unexpected.JobID != id {
		t.Fatalf("WaitJob = %s, %v; want an UnexpectedStatusError for job %d in editing", got, err, id)
	}
	if got != cas.JobEditing || !strings.Contains(err.Error(), "editing") {
		t.Errorf("WaitJob returned %s with %q; want editing, named in the message", got, err)
	}
	if n := e.sent.count("DescribeDeploymentJob"); n != 1 {
		t.Errorf("DescribeDeploymentJob sent %d times; the wait should end at the first look", n)
	}
	if e.clock.Elapsed() > 2*testPolling.Floor {
		t.Errorf("the wait took %s on the clock; it should end at the first look", e.clock.Elapsed())
	}

	// A last status already unexpected ends it before any look.
	before := e.sent.count("DescribeDeploymentJob")
	if _, err := e.engine.WaitJob(context.Background(), id, cas.JobEditing, lifecycle.Running, lifecycle.Finished); !errors.As(err, &unexpected) {
		t.Fatalf("waiting from editing through Running: %v; want an UnexpectedStatusError", err)
	}
	if n := e.sent.count("DescribeDeploymentJob") - before; n != 0 {
		t.Errorf("DescribeDeploymentJob sent %d times for a wait already decided", n)
	}
}

// scheduledJob is a job started to run in an hour: pending all along the
// tests below.
func scheduledJob(t *testing.T, e *env, name string) int64 {
	t.Helper()
	s := spec(name, certShop, resWAFShop)
	s.ScheduleTime = e.clock.Now().Add(time.Hour)
	id := e.draft(s)
	if status, err := e.engine.StartJob(context.Background(), id, true); err != nil || status != cas.JobPending {
		t.Fatalf("StartJob = %s, %v; want pending", status, err)
	}
	return id
}

// A job deleted while it is waited for ends the wait with a GoneError,
// and the last status seen.
func TestWaitJob_jobDeleted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := scheduledJob(t, e, "deleted-while-waited")
	var got cas.JobStatus
	var err error
	e.clock.Go(func() {
		got, err = e.engine.WaitJob(context.Background(), id, cas.JobPending, []cas.JobStatus{cas.JobPending}, lifecycle.Finished)
	})
	var deleteErr error
	e.clock.Go(func() {
		if deleteErr = e.clock.Sleep(context.Background(), 20*time.Second); deleteErr == nil {
			deleteErr = e.check.DeleteDeploymentJob(context.Background(), id)
		}
	})
	e.clock.Wait()
	if deleteErr != nil {
		t.Fatal(deleteErr)
	}
	var gone *lifecycle.GoneError
	if !errors.As(err, &gone) || !lifecycle.Gone(err) {
		t.Fatalf("WaitJob = %s, %v; want a GoneError", got, err)
	}
	if got != cas.JobPending {
		t.Errorf("WaitJob returned %s; want the last status seen, pending", got)
	}
	if el := e.clock.Elapsed(); el > 20*time.Second+testPolling.Ceiling*6/5 {
		t.Errorf("the wait ended %s on the clock after the start; the job was deleted at 20s", el)
	}
}

// An interrupt (ctx cancelled) or the timeout ends the wait with ctx's
// error and the last status seen, when it comes, not when the job ends.
func TestWaitJob_contextEnds(t *testing.T) {
	t.Parallel()
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := scheduledJob(t, e, "interrupted")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var got cas.JobStatus
		var err error
		e.clock.Go(func() {
			got, err = e.engine.WaitJob(ctx, id, cas.JobPending, lifecycle.Running, lifecycle.Finished)
		})
		e.clock.Go(func() {
			if e.clock.Sleep(context.Background(), 20*time.Second) == nil {
				cancel()
			}
		})
		e.clock.Wait()
		if !errors.Is(err, context.Canceled) || got != cas.JobPending {
			t.Fatalf("WaitJob = %s, %v; want pending and context.Canceled", got, err)
		}
		// Not exactly 20s: once the canceller is done, the clock may jump to
		// the waiter's own wake-up before the waiter sees ctx end.
		if el := e.clock.Elapsed(); el > 20*time.Second+testPolling.Ceiling*6/5 {
			t.Errorf("the wait ended %s on the clock after the start; it was interrupted at 20s", el)
		}
		if n := e.sent.count("DescribeDeploymentJob"); n > 8 {
			t.Errorf("DescribeDeploymentJob sent %d times in 20s of polling", n)
		}
		if now := e.status(id); now != cas.JobPending {
			t.Errorf("the job is %s after the interrupt; the wait must not change it", now)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := scheduledJob(t, e, "timed-out")
		ctx, cancel := e.clock.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		got, err := e.engine.WaitJob(ctx, id, cas.JobPending, lifecycle.Running, lifecycle.Finished)
		if !errors.Is(err, context.DeadlineExceeded) || got != cas.JobPending {
			t.Fatalf("WaitJob = %s, %v; want pending and context.DeadlineExceeded", got, err)
		}
		if el := e.clock.Elapsed(); el != time.Minute {
			t.Errorf("the wait ended %s on the clock after the start; the timeout was 1m", el)
		}
	})
}
