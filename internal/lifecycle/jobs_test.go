package lifecycle_test

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A draft that deploys exactly the spec (left by a run whose create answer
// was lost, or whose start failed) is adopted: the next apply starts it in
// place, and no second job is made.
func TestCreateJob_adoptsSameDraft(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := spec("adopt", certShop, resWAFShop, resNLB)
	draft := e.draft(s)
	slices.Reverse(s.ResourceIDs) // the order does not matter
	id, err := e.engine.CreateJob(context.Background(), s)
	if err != nil || id != draft {
		t.Fatalf("CreateJob = %d, %v; want the draft %d", id, err, draft)
	}
	if n := e.sent.count("CreateDeploymentJob"); n != 1 {
		t.Errorf("CreateDeploymentJob sent %d times; only the draft's create should have gone", n)
	}
	if jobs := e.jobsNamed("adopt"); len(jobs) != 1 {
		t.Errorf("jobs named adopt: %v; want the draft alone", jobs)
	}
}

// A draft of the same name that deploys something else is not this job.
func TestCreateJob_doesNotAdoptOtherDraft(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		draft func() (string, int64, []int64, []int64)
	}{
		{"other resources", func() (string, int64, []int64, []int64) {
			return "other", certShop, []int64{resWAFShop}, []int64{contactLiWei}
		}},
		{"other certificate", func() (string, int64, []int64, []int64) {
			return "other", certExampleIO, []int64{resWAFShop, resNLB}, []int64{contactLiWei}
		}},
		{"other contacts", func() (string, int64, []int64, []int64) {
			return "other", certShop, []int64{resWAFShop, resNLB}, []int64{contactLiWei, 3317}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			name, cert, resources, contacts := tc.draft()
			d := spec(name, cert, resources...)
			d.ContactIDs = contacts
			draft := e.draft(d)
			id, err := e.engine.CreateJob(context.Background(), spec("other", certShop, resWAFShop, resNLB))
			if err != nil || id == draft || id == 0 {
				t.Fatalf("CreateJob = %d, %v; want a new job, not the draft %d", id, err, draft)
			}
			if jobs := e.jobsNamed("other"); len(jobs) != 2 {
				t.Errorf("jobs named other: %v; want the draft and the new job", jobs)
			}
		})
	}
	t.Run("started, not a draft", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		ran := finishedJob(t, e, "ran")
		id, err := e.engine.CreateJob(context.Background(), spec("ran", certShop, resWAFShop))
		if err != nil || id == ran {
			t.Fatalf("CreateJob = %d, %v; want a new job, not the finished job %d", id, err, ran)
		}
	})
}

// The job CreateJob returns runs when the spec says: a draft scheduled at
// another time is not it (or is moved to the spec's time).
func TestCreateJob_adoptedDraftKeepsSpecSchedule(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	earlier := spec("scheduled", certShop, resWAFShop)
	earlier.ScheduleTime = e.clock.Now().Add(time.Hour).Truncate(time.Second)
	draft := e.draft(earlier)
	s := spec("scheduled", certShop, resWAFShop)
	s.ScheduleTime = e.clock.Now().Add(3 * time.Hour).Truncate(time.Second)
	id, err := e.engine.CreateJob(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.engine.JobSpec(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !got.ScheduleTime.Equal(s.ScheduleTime) {
		t.Errorf("CreateJob returned job %d (the draft is %d), scheduled at %s; the spec says %s",
			id, draft, got.ScheduleTime.UTC().Format(time.RFC3339), s.ScheduleTime.UTC().Format(time.RFC3339))
	}
}
