package lifecycle_test

import (
	"context"
	"errors"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

const resTencentCDN int64 = 22007 // TencentCDN cdn.example.io, HTTPS on

var tencentKey = cas.AddCloudAccessRequest{CloudName: cas.CloudTencent, SecretID: "AKIDlifecycle01", SecretKey: "tencent-secret"}

// keysFor are the AccessIds of the stored keys of this cloud and key ID.
func (e *env) keysFor(cloud, secretID string) []int64 {
	e.t.Helper()
	list, err := e.check.ListCloudAccess(context.Background(), cas.CloudAccessFilter{CloudName: cloud, SecretID: secretID})
	if err != nil {
		e.t.Fatalf("listing keys: %v", err)
	}
	var ids []int64
	for _, k := range list.Keys {
		ids = append(ids, k.AccessID.Value())
	}
	return ids
}

// An AddCloudAccess whose answer is lost, in each way a lost answer
// comes, leaves exactly one stored key, found by listing; one whose
// request never arrived is sent again.
func TestAddCloudAccess_answerLost(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		fault emulator.Fault
		sends int
	}{
		"dropped after it was carried out": {dropAfter("AddCloudAccess"), 1},
		"a 503 after it was carried out":   {failAfter("AddCloudAccess", "ServiceUnavailable"), 1},
		"dropped before":                   {dropBefore("AddCloudAccess"), 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, c.fault)
			id, err := e.engine.AddCloudAccess(context.Background(), tencentKey)
			if err != nil {
				t.Fatal(err)
			}
			if ids := e.keysFor(cas.CloudTencent, tencentKey.SecretID); len(ids) != 1 || ids[0] != id {
				t.Fatalf("stored keys %v; want %d alone", ids, id)
			}
			if n := e.sent.count("AddCloudAccess"); n != c.sends {
				t.Errorf("AddCloudAccess sent %d times; want %d", n, c.sends)
			}
		})
	}
}

// A key CAS already stores is not added again: the error names it.
func TestAddCloudAccess_alreadyStored(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.engine.AddCloudAccess(ctx, tencentKey)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.engine.AddCloudAccess(ctx, tencentKey)
	var exists *lifecycle.CloudAccessExistsError
	if !errors.As(err, &exists) || exists.AccessID != id {
		t.Fatalf("adding it again: %v; want a CloudAccessExistsError naming %d", err, id)
	}
	if ids := e.keysFor(cas.CloudTencent, tencentKey.SecretID); len(ids) != 1 {
		t.Fatalf("stored keys %v; want one", ids)
	}
}

// A multi-cloud job to a Tencent resource fails its worker while no
// Tencent key is stored, and the analysis says so; with the key it
// succeeds. A lost DeleteCloudAccess answer is settled as gone.
func TestCloudJob_needsTheKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dropAfter("DeleteCloudAccess"))
	ctx := context.Background()
	run := func(name string) (int64, cas.JobStatus) {
		s := lifecycle.JobSpec{Name: name, JobType: cas.JobTypeCloud, CertIDs: []int64{certExampleIO},
			ResourceIDs: []int64{resTencentCDN}, ContactIDs: []int64{contactLiWei}}
		id, err := e.engine.CreateJob(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		status, err := e.engine.StartJob(ctx, id, false)
		if err != nil {
			t.Fatal(err)
		}
		last, err := e.engine.WaitJob(ctx, id, status, lifecycle.Running, lifecycle.Finished)
		if err != nil {
			t.Fatal(err)
		}
		return id, last
	}
	jobID, status := run("without-key")
	if status != cas.JobError {
		t.Fatalf("a job to Tencent without a key ended %s; want error", status)
	}
	failures, err := e.engine.AnalyzeFailure(ctx, jobID)
	if err != nil || len(failures) != 1 || failures[0].Cause != lifecycle.CauseNoCloudAccess {
		t.Fatalf("failures %+v, %v; want one, no Tencent key", failures, err)
	}
	accessID, err := e.engine.AddCloudAccess(ctx, tencentKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, status := run("with-key"); status != cas.JobSuccess {
		t.Fatalf("with the key the job ended %s; want success", status)
	}
	if err := e.engine.DeleteCloudAccess(ctx, accessID); err != nil {
		t.Fatal(err)
	}
	if ids := e.keysFor(cas.CloudTencent, ""); len(ids) != 0 {
		t.Fatalf("keys after deleting: %v; want none", ids)
	}
}
