package lifecycle_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// How a fault applied once to a write shapes its fate: sent is how often
// the write must go for it to be carried out exactly once.
type lostAnswer struct {
	name  string
	fault func(action string) emulator.Fault
	sent  int
}

var (
	lostDropAfter = lostAnswer{"connection dropped after the write", dropAfter, 1}
	lost503After  = lostAnswer{"503 after the write", func(a string) emulator.Fault { return failAfter(a, "ServiceUnavailable") }, 1}
	lost500After  = lostAnswer{"500 after the write", func(a string) emulator.Fault { return failAfter(a, "InternalError") }, 1}
	// Not carried out, but the client cannot know it: reading shows it was
	// not, and it is sent once more.
	lostDropBefore = lostAnswer{"connection dropped before the write", dropBefore, 2}
)

// A job whose create answer was lost is one job: the one the account shows.
func TestCreateJob_lostAnswer(t *testing.T) {
	t.Parallel()
	for _, lost := range []lostAnswer{lostDropAfter, lost503After, lostDropBefore} {
		t.Run(lost.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, lost.fault("CreateDeploymentJob"))
			id, err := e.engine.CreateJob(context.Background(), spec("lost-create", certShop, resWAFShop))
			if err != nil {
				t.Fatal(err)
			}
			if jobs := e.jobsNamed("lost-create"); len(jobs) != 1 || jobs[0] != id {
				t.Errorf("jobs named lost-create: %v; want exactly the one CreateJob returned, %d", jobs, id)
			}
			carriedOutOnce(t, e, "CreateDeploymentJob")
			if n := e.sent.count("CreateDeploymentJob"); n != lost.sent {
				t.Errorf("CreateDeploymentJob sent %d times, want %d", n, lost.sent)
			}
			if st := e.srv.Stats(); st.Outcomes["fault:drop"]+st.Outcomes["ServiceUnavailable"] != 1 {
				t.Errorf("outcomes %v: the fault did not apply once", st.Outcomes)
			}
		})
	}
}

// A start whose answer was lost is settled by the job's status, and the
// job runs once.
func TestStartJob_lostAnswer(t *testing.T) {
	t.Parallel()
	for _, lost := range []lostAnswer{lostDropAfter, lost500After, lostDropBefore} {
		t.Run(lost.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, lost.fault("UpdateDeploymentJobStatus"))
			ctx := context.Background()
			id := e.draft(spec("lost-start", certShop, resWAFShop))
			status, err := e.engine.StartJob(ctx, id, false)
			if err != nil || status == cas.JobEditing {
				t.Fatalf("StartJob = %s, %v; want started", status, err)
			}
			carriedOutOnce(t, e, "UpdateDeploymentJobStatus")
			if n := e.sent.count("UpdateDeploymentJobStatus"); n != lost.sent {
				t.Errorf("UpdateDeploymentJobStatus sent %d times, want %d", n, lost.sent)
			}
			if got, err := e.engine.WaitJob(ctx, id, status, lifecycle.Running, lifecycle.Finished); err != nil || got != cas.JobSuccess {
				t.Fatalf("WaitJob = %s, %v; want success", got, err)
			}
		})
	}
}

// A draft update whose answer was lost is settled by reading the job back.
func TestUpdateDraft_lostAnswer(t *testing.T) {
	t.Parallel()
	for _, lost := range []lostAnswer{lostDropAfter, lost500After, lostDropBefore} {
		t.Run(lost.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, lost.fault("UpdateDeploymentJob"))
			ctx := context.Background()
			id := e.draft(spec("lost-update", certShop, resWAFShop))
			err := e.engine.UpdateDraft(ctx, cas.UpdateDeploymentJobRequest{JobID: id, Name: ptr("lost-update-renamed"),
				CertIDs: []int64{certExampleIO}, ResourceIDs: []int64{resALBIO, resNLB}})
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.engine.JobSpec(ctx, id)
			want := spec("lost-update-renamed", certExampleIO, resNLB, resALBIO)
			if err != nil || got.Name != want.Name || !equalIDs(got.CertIDs, want.CertIDs) || !equalIDs(got.ResourceIDs, want.ResourceIDs) {
				t.Fatalf("job after the update: %+v, %v; want %+v", got, err, want)
			}
			carriedOutOnce(t, e, "UpdateDeploymentJob")
			if n := e.sent.count("UpdateDeploymentJob"); n != lost.sent {
				t.Errorf("UpdateDeploymentJob sent %d times, want %d", n, lost.sent)
			}
		})
	}
}

// carriedOutOnce asserts the account carried the write out exactly once.
func carriedOutOnce(t *testing.T, e *env, action string) {
	t.Helper()
	if n := e.srv.Stats().CarriedOut[action]; n != 1 {
		t.Errorf("%s carried out %d times by the account, want 1", action, n)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// finishedJob is a job that ran to success on the WAF resource.
func finishedJob(t *testing.T, e *env, name string) int64 {
	t.Helper()
	ctx := context.Background()
	id := e.draft(spec(name, certShop, resWAFShop))
	status, err := e.engine.StartJob(ctx, id, false)
	if err == nil {
		status, err = e.engine.WaitJob(ctx, id, status, lifecycle.Running, lifecycle.Finished)
	}
	if err != nil || status != cas.JobSuccess {
		t.Fatalf("running job %q: %s, %v", name, status, err)
	}
	return id
}

// A worker's rollback whose answer was lost is settled by the worker's
// status: asked once, rolled back once.
func TestRollBack_lostAnswer(t *testing.T) {
	t.Parallel()
	// CreateRollbackTask where the account answers it, UpdateWorkerResourceStatus where it does not.
	notOffered := emulator.Fault{Action: "CreateRollbackTask", Fail: &emulator.Failure{Code: "InvalidAction.NotFound", Status: 404}}
	for _, way := range []struct {
		action string
		faults []emulator.Fault
	}{{"CreateRollbackTask", nil}, {"UpdateWorkerResourceStatus", []emulator.Fault{notOffered}}} {
		for _, lost := range []lostAnswer{lostDropAfter, lost500After, lostDropBefore} {
			t.Run(way.action+"/"+lost.name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, append([]emulator.Fault{lost.fault(way.action)}, way.faults...)...)
				id := finishedJob(t, e, "lost-rollback")
				var progress []int
				result, err := e.engine.RollBack(context.Background(), id, nil, func(pending int) { progress = append(progress, pending) })
				if err != nil || len(result.RolledBack) != 1 || len(result.Failed) != 0 {
					t.Fatalf("RollBack = %+v, %v; want one worker rolled back", result, err)
				}
				carriedOutOnce(t, e, way.action)
				if n := e.sent.count(way.action); n != lost.sent {
					t.Errorf("%s sent %d times, want %d", way.action, n, lost.sent)
				}
				if len(progress) == 0 || progress[len(progress)-1] != 0 {
					t.Errorf("progress told %v; want it to end at 0 pending", progress)
				}
				// Asked again (a later run): nothing is sent.
				before := e.sent.count(way.action)
				if _, err := e.engine.RollBack(context.Background(), id, []int64{result.RolledBack[0].ID.Value()}); err != nil {
					t.Fatal(err)
				}
				if n := e.sent.count(way.action) - before; n != 0 {
					t.Errorf("rolling back a worker already rolled back sent %s %d times", way.action, n)
				}
			})
		}
	}
}

// A delete whose answer was lost is settled by the job being gone.
func TestDeleteJob_lostAnswer(t *testing.T) {
	t.Parallel()
	for _, lost := range []lostAnswer{lostDropAfter, lost500After, lostDropBefore} {
		t.Run(lost.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, lost.fault("DeleteDeploymentJob"))
			id := finishedJob(t, e, "lost-delete")
			status, err := e.engine.DeleteJob(context.Background(), id, false)
			if err != nil || status != cas.JobDeleted {
				t.Fatalf("DeleteJob = %s, %v; want deleted", status, err)
			}
			if got := e.status(id); got != cas.JobDeleted {
				t.Errorf("the account says the job is %s", got)
			}
			if jobs := e.jobsNamed("lost-delete"); len(jobs) != 0 {
				t.Errorf("jobs still listed: %v", jobs)
			}
			carriedOutOnce(t, e, "DeleteDeploymentJob")
			if n := e.sent.count("DeleteDeploymentJob"); n != lost.sent {
				t.Errorf("DeleteDeploymentJob sent %d times, want %d", n, lost.sent)
			}
			// Deleting it again (a later run) is no error, and sends nothing.
			if status, err := e.engine.DeleteJob(context.Background(), id, false); err != nil || status != cas.JobDeleted {
				t.Errorf("deleting it again: %s, %v", status, err)
			}
			if n := e.sent.count("DeleteDeploymentJob"); n != lost.sent {
				t.Errorf("deleting a deleted job sent DeleteDeploymentJob again")
			}
		})
	}
}

// An upload whose answer was lost is the certificate of that name and
// content in the account: its ID is adopted, and there is one.
func TestUploadCertificate_lostAnswer(t *testing.T) {
	t.Parallel()
	for _, lost := range []lostAnswer{lostDropAfter, lost500After, lostDropBefore} {
		t.Run(lost.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, lost.fault("UploadUserCertificate"))
			cert := newCert(t, "m.shop.example.com")
			id, err := e.engine.UploadCertificate(context.Background(), cert.upload("lost_upload"), cert.fingerprint)
			if err != nil {
				t.Fatal(err)
			}
			if ids := e.uploadsNamed("lost_upload"); len(ids) != 1 || ids[0] != id {
				t.Errorf("certificates named lost_upload: %v; want exactly the one UploadCertificate returned, %d", ids, id)
			}
			if id != firstUploadedCertID {
				t.Errorf("UploadCertificate returned %d; the account's first upload is %d: another was made", id, firstUploadedCertID)
			}
			carriedOutOnce(t, e, "UploadUserCertificate")
			if n := e.sent.count("UploadUserCertificate"); n != lost.sent {
				t.Errorf("UploadUserCertificate sent %d times, want %d", n, lost.sent)
			}
		})
	}
}

// A certificate delete whose answer was lost is settled by its being gone.
func TestDeleteCertificate_lostAnswer(t *testing.T) {
	t.Parallel()
	for _, lost := range []lostAnswer{lostDropAfter, lost500After, lostDropBefore} {
		t.Run(lost.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, lost.fault("DeleteUserCertificate"))
			ctx := context.Background()
			cert := newCert(t, "m.shop.example.com")
			up, err := e.check.UploadUserCertificate(ctx, cert.upload("lost_delete"))
			if err != nil {
				t.Fatal(err)
			}
			if err := e.engine.DeleteCertificate(ctx, up.CertID); err != nil {
				t.Fatal(err)
			}
			if _, err := e.check.GetUserCertificateDetail(ctx, up.CertID, false); !lifecycle.Gone(err) {
				t.Errorf("certificate %d after the delete: %v; want not found", up.CertID, err)
			}
			carriedOutOnce(t, e, "DeleteUserCertificate")
			if n := e.sent.count("DeleteUserCertificate"); n != lost.sent {
				t.Errorf("DeleteUserCertificate sent %d times, want %d", n, lost.sent)
			}
			if err := e.engine.DeleteCertificate(ctx, up.CertID); err != nil {
				t.Errorf("deleting it again: %v; want no error", err)
			}
		})
	}
}

// A write whose answer was lost, when reading the account fails until the
// deadline, is an UnsettledError: never sent a second time.
func TestOnce_unsettled(t *testing.T) {
	t.Parallel()
	readsFail := func(action string) emulator.Fault {
		return emulator.Fault{Action: action, Fail: &emulator.Failure{Code: "ServiceUnavailable"}}
	}
	t.Run("start", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, dropAfter("UpdateDeploymentJobStatus"), readsFail("DescribeDeploymentJob"))
		id := e.draft(spec("unsettled-start", certShop, resWAFShop))
		ctx, cancel := e.clock.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		_, err := e.engine.StartJob(ctx, id, false)
		assertUnsettled(t, err, "UpdateDeploymentJobStatus")
		if n := e.sent.count("UpdateDeploymentJobStatus"); n != 1 {
			t.Errorf("UpdateDeploymentJobStatus sent %d times, want 1", n)
		}
		if n := e.sent.count("DescribeDeploymentJob"); n < 2 {
			t.Errorf("DescribeDeploymentJob sent %d times: the account was hardly read", n)
		}
		started, err := e.check.ListDeploymentJobs(context.Background(), cas.DeploymentJobFilter{Status: cas.JobEditing})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range started.Jobs {
			if j.ID.Value() == id {
				t.Errorf("job %d is still editing, but the start was carried out", id)
			}
		}
	})
	t.Run("upload", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, dropAfter("UploadUserCertificate"), readsFail("ListUserCertificateOrder"))
		cert := newCert(t, "m.shop.example.com")
		ctx, cancel := e.clock.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		_, err := e.engine.UploadCertificate(ctx, cert.upload("unsettled_upload"), cert.fingerprint)
		assertUnsettled(t, err, "UploadUserCertificate")
		if n := e.sent.count("UploadUserCertificate"); n != 1 {
			t.Errorf("UploadUserCertificate sent %d times, want 1", n)
		}
		// The upload was carried out once; no second one was made.
		if _, err := e.check.GetUserCertificateDetail(context.Background(), firstUploadedCertID, false); err != nil {
			t.Errorf("the upload: %v", err)
		}
		if _, err := e.check.GetUserCertificateDetail(context.Background(), firstUploadedCertID+1, false); !lifecycle.Gone(err) {
			t.Errorf("a second upload exists: %v", err)
		}
	})
}

func assertUnsettled(t *testing.T, err error, action string) {
	t.Helper()
	var unsettled *lifecycle.UnsettledError
	if !errors.As(err, &unsettled) {
		t.Fatalf("err = %T %v; want an UnsettledError", err, err)
	}
	var unknown *cas.OutcomeUnknownError
	if unsettled.Action != action || !errors.As(unsettled.Err, &unknown) || unsettled.Look == nil {
		t.Errorf("UnsettledError %+v: want action %s, the write's OutcomeUnknownError and why reading failed", unsettled, action)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want it to say the deadline ended the settling", err)
	}
}
