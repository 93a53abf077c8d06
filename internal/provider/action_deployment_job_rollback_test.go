package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// Actions need Terraform 1.14 or later.
var actionCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// rollbackTrigger invokes the rollback action for alicas_deployment_job.web
// once, when terraform_data.rollback is created; extra goes in the action's
// config.
func rollbackTrigger(extra string) string {
	return fmt.Sprintf(`
action "alicas_deployment_job_rollback" "web" {
  config {
    job_id = alicas_deployment_job.web.job_id
%s  }
}
resource "terraform_data" "rollback" {
  input = alicas_deployment_job.web.job_id
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.alicas_deployment_job_rollback.web]
    }
  }
}
`, extra)
}

// workersAre checks that every worker of the job in state is status.
func workersAre(t *testing.T, url string, status cas.WorkerStatus) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := jobIDOf(s)
		if err != nil {
			return err
		}
		res, err := testClient(t, url).ListWorkerResource(context.Background(), cas.WorkerFilter{JobID: id})
		if err != nil {
			return err
		}
		for _, w := range res.Workers {
			if w.CurrentStatus() != status {
				return fmt.Errorf("worker %d of job %d is %s, want %s", w.ID.Value(), id, w.CurrentStatus(), status)
			}
		}
		if len(res.Workers) == 0 {
			return fmt.Errorf("job %d has no workers", id)
		}
		return nil
	}
}

// The action rolls back every successful worker of a finished job, once,
// through an action_trigger.
func TestAccDeploymentJobRollbackAction_rollsBack(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "")
	config := jobConfig(srv.URL, "[11174101]", "[22006, 22001]")
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIs,
		ProtoV6ProviderFactories: quickJobs(),
		Steps: []resource.TestStep{{
			Config: config,
			Check:  workersAre(t, srv.URL, cas.WorkerSuccess),
		}, {
			Config: config + rollbackTrigger(""),
			Check: resource.ComposeTestCheckFunc(workersAre(t, srv.URL, cas.WorkerRollbackSuccess), func(*terraform.State) error {
				if n := srv.Stats().CarriedOut["CreateRollbackTask"]; n != 2 {
					return fmt.Errorf("CreateRollbackTask carried out %d times, want 2 (one per worker)", n)
				}
				return nil
			}),
		}},
	})
}

// A rollback that fails (the resource was deployed to again since) fails
// the apply and names the worker.
func TestAccDeploymentJobRollbackAction_failureNamesTheWorker(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "")
	config := jobConfig(srv.URL, "[11174101]", "[22001]")
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIs,
		ProtoV6ProviderFactories: quickJobs(),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() { deployAgain(t, srv.URL, 11174106, 22001) },
			Config:    config + rollbackTrigger(""),
			ExpectError: errorPattern(`Deployment job \d+: 1 rollback\(s\) failed`,
				`NLB nlb-m4il0xsample lsn-nlb-m4il0xsample@993 \(cn-hangzhou; resource 22001, certificate 11174101, worker \d+\)`),
		}},
	})
}

// A timeout that is no duration is refused at plan time, naming the attribute.
func TestAccDeploymentJobRollbackAction_badTimeout(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIs,
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, "[11174106]", "[22005]", "start = false") + rollbackTrigger(`    timeout = "soon"`+"\n"),
			ExpectError: errorPattern(`Invalid rollback timeout`, `timeout is "soon"`),
		}},
	})
}

// deployAgain runs a second job to resource with cert outside Terraform, so
// that a rollback of the first job finds the resource changed.
func deployAgain(t *testing.T, url string, cert, resourceID int64) {
	t.Helper()
	engine := lifecycle.New(testClient(t, url), lifecycle.Polling{Floor: 5 * time.Millisecond, Ceiling: 50 * time.Millisecond}, nil)
	ctx := context.Background()
	id, err := engine.CreateJob(ctx, cas.CreateDeploymentJobRequest{Name: "again", JobType: cas.JobTypeUser,
		CertIDs: []int64{cert}, ResourceIDs: []int64{resourceID}, ContactIDs: []int64{3304}})
	if err != nil {
		t.Fatal(err)
	}
	status, err := engine.StartJob(ctx, id, false)
	if err == nil {
		status, err = engine.WaitJob(ctx, id, status, lifecycle.Running, lifecycle.Finished)
	}
	if err != nil || status != cas.JobSuccess {
		t.Fatalf("the second job ended %s: %v", status, err)
	}
}
