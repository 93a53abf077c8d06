package lifecycle_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// chaosTally adds up what the seeded runs met and left.
type chaosTally struct {
	mu                    sync.Mutex
	runs                  int
	faults                map[string]int64 // by outcome, as the emulator counts them
	failedOps             int              // operations that failed once and were run again
	duplicates, leftovers int
	writesSent, writes    int // write requests sent, and writes asked for
}

// Full rotations under chaos: a fifth of all calls, reads and writes, fail
// in the five ways of emulator.Chaos. Each rotation uploads a certificate,
// deploys it with a job, waits for it, rolls it back, deletes the job and
// the certificate. An operation that fails is run again, as the next apply
// would. Whatever was met, the account ends with one upload and one job
// made per rotation, and nothing left.
func TestChaos_rotation(t *testing.T) {
	t.Parallel()
	const seeds = 40
	tally := &chaosTally{faults: map[string]int64{}}
	t.Run("seeds", func(t *testing.T) {
		for seed := uint64(1); seed <= seeds; seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				chaosRotation(t, seed, tally)
			})
		}
	})
	kinds := slices.Sorted(maps.Keys(tally.faults))
	var met []string
	for _, k := range kinds {
		met = append(met, fmt.Sprintf("%s %d", k, tally.faults[k]))
	}
	t.Logf("chaos: %d runs; faults met: %s; operations failed and run again: %d; write requests %d for %d writes; duplicates %d, leftovers %d",
		tally.runs, strings.Join(met, ", "), tally.failedOps, tally.writesSent, tally.writes, tally.duplicates, tally.leftovers)
}

// rotationWrites are the writes of one rotation, each to be carried out once.
var rotationWrites = []string{"UploadUserCertificate", "CreateDeploymentJob", "UpdateDeploymentJobStatus",
	"CreateRollbackTask", "DeleteDeploymentJob", "DeleteUserCertificate"}

// chaosFaultKinds are the outcomes the Chaos rules give.
var chaosFaultKinds = []string{"fault:drop", "ServiceUnavailable", "Throttling.User", "InternalError"}

func chaosRotation(t *testing.T, seed uint64, tally *chaosTally) {
	e := newEnv(t, emulator.Chaos(seed, 0.2)...)
	ctx := context.Background()
	name := fmt.Sprintf("chaos_%d", seed)
	failed := 0
	// step runs op until it succeeds, at most five times (five applies).
	step := func(what string, op func() error) {
		t.Helper()
		for attempt := 1; attempt <= 5; attempt++ {
			err := op()
			if err == nil {
				return
			}
			failed++
			t.Logf("seed %d: %s failed (attempt %d): %v", seed, what, attempt, err)
		}
		t.Fatalf("seed %d: %s failed five times", seed, what)
	}

	cert := newCert(t, "m.shop.example.com")
	var certID, jobID int64
	var status cas.JobStatus
	step("UploadCertificate", func() (err error) {
		certID, err = e.engine.UploadCertificate(ctx, cert.upload(name), cert.fingerprint)
		return err
	})
	step("CreateJob", func() (err error) {
		jobID, err = e.engine.CreateJob(ctx, spec(name, certID, resWAFShop))
		return err
	})
	step("StartJob", func() (err error) {
		status, err = e.engine.StartJob(ctx, jobID, false)
		return err
	})
	step("WaitJob", func() (err error) {
		status, err = e.engine.WaitJob(ctx, jobID, status, lifecycle.Running, lifecycle.Finished)
		return err
	})
	if status != cas.JobSuccess {
		t.Errorf("seed %d: the job ended %s, want success", seed, status)
	}
	var rolledBack int
	step("RollBack", func() error {
		result, err := e.engine.RollBack(ctx, jobID, nil)
		rolledBack += len(result.RolledBack)
		return err
	})
	if rolledBack != 1 {
		t.Errorf("seed %d: %d workers rolled back, want 1", seed, rolledBack)
	}
	step("DeleteJob", func() error {
		status, err := e.engine.DeleteJob(ctx, jobID, false)
		if err == nil && status != cas.JobDeleted {
			err = fmt.Errorf("DeleteJob returned %s without error", status)
		}
		return err
	})
	step("DeleteCertificate", func() error { return e.engine.DeleteCertificate(ctx, certID) })

	st := e.srv.Stats()
	writes, twice := 0, 0
	for _, action := range rotationWrites {
		writes += e.sent.count(action)
		// Each write of the rotation was carried out once by the account,
		// whatever answers were lost.
		if n := st.CarriedOut[action]; n != 1 {
			t.Errorf("seed %d: %s carried out %d times, want 1", seed, action, n)
			twice += max(int(n)-1, 0)
		}
	}

	// The check reads through the same faults: each read is tried until it
	// succeeds (the client's own retries, then step's).
	var made []int64 // jobs ever made with this name, deleted ones too
	for id := firstCreatedJobID; id < firstCreatedJobID+20; id++ {
		step(fmt.Sprintf("check: describe job %d", id), func() error {
			res, err := e.check.DescribeDeploymentJob(ctx, id)
			if lifecycle.Gone(err) {
				return nil
			}
			if err == nil && res.Job.Name.Value() == name {
				made = append(made, id)
			}
			return err
		})
	}
	var listed []int64
	step("check: list jobs", func() error {
		list, err := e.check.ListDeploymentJobs(ctx, cas.DeploymentJobFilter{})
		listed = nil
		for _, j := range list.Jobs {
			if err == nil && j.Name.Value() == name {
				listed = append(listed, j.ID.Value())
			}
		}
		return err
	})
	var uploadsLeft []int64
	for _, status := range []string{"", "EXPIRED"} {
		step("check: list uploads", func() error {
			list, err := e.check.ListUserCertificateOrder(ctx, cas.UserCertificateFilter{OrderType: cas.OrderTypeUpload, Status: status})
			if err != nil {
				return err
			}
			for _, c := range list.Certificates {
				if c.CertificateID.Value() >= firstUploadedCertID {
					uploadsLeft = append(uploadsLeft, c.CertificateID.Value())
				}
			}
			return nil
		})
	}
	// Uploads get IDs in order: the next one's tells how many were made
	// (a second count beside CarriedOut, which the probe now changes).
	var probe int64
	probeCert := newCert(t, "probe.example.com")
	check := lifecycle.New(e.check, testPolling, nil)
	step("check: probe upload", func() (err error) {
		probe, err = check.UploadCertificate(ctx, probeCert.upload("probe"), probeCert.fingerprint)
		return err
	})
	uploadsMade := probe - firstUploadedCertID

	duplicates := max(len(made)-1, 0) + max(int(uploadsMade)-1, 0) + twice
	leftovers := len(listed) + len(uploadsLeft)
	if len(made) != 1 || made[0] != jobID || uploadsMade != 1 {
		t.Errorf("seed %d: jobs made %v (the rotation's %d), uploads made %d; want one of each", seed, made, jobID, uploadsMade)
	}
	if leftovers != 0 {
		t.Errorf("seed %d: left behind: jobs %v, uploads %v", seed, listed, uploadsLeft)
	}
	var met []string
	for _, k := range chaosFaultKinds {
		met = append(met, fmt.Sprintf("%s %d", k, st.Outcomes[k]))
	}
	t.Logf("seed %d: %d requests, faults met: %s; %d operations failed and were run again; %d write requests for 6 writes; %s on the clock",
		seed, st.Requests, strings.Join(met, ", "), failed, writes, e.clock.Elapsed())

	tally.mu.Lock()
	defer tally.mu.Unlock()
	tally.runs++
	for _, k := range chaosFaultKinds {
		tally.faults[k] += st.Outcomes[k]
	}
	tally.failedOps += failed
	tally.duplicates += duplicates
	tally.leftovers += leftovers
	tally.writesSent += writes
	tally.writes += len(rotationWrites)
}
