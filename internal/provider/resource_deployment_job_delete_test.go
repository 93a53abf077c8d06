package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// Ctrl-C while destroy waits for a processing job is an error that says
// the job was not deleted: a Delete that ends without one drops the job
// from state, and nothing would delete it later.
func TestDeploymentJobDeleteInterrupted(t *testing.T) {
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(t, &opts)
	quickJobs(t, time.Hour) // the first poll comes long after the interrupt
	client := testClient(t, startEmulator(t, opts, "").URL)
	bg := context.Background()
	jobID, err := client.CreateDeploymentJob(bg, cas.CreateDeploymentJobRequest{Name: "web", JobType: cas.JobTypeUser,
		CertIDs: []int64{11174106}, ResourceIDs: []int64{22005}, ContactIDs: []int64{3304}})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateDeploymentJobStatus(bg, jobID, statusScheduling); err != nil {
		t.Fatal(err)
	}
	_ = clock.Sleep(bg, time.Minute) // scheduling -> processing

	r := &deploymentJobResource{client: client}
	var schemaResp resource.SchemaResponse
	r.Schema(bg, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(bg), nil)}
	if diags := state.SetAttribute(bg, path.Root("job_id"), jobID); diags.HasError() {
		t.Fatal(diags)
	}
	resp := resource.DeleteResponse{State: state}
	ctx, interrupt := context.WithCancel(bg)
	defer interrupt()
	clock.Go(func() { r.Delete(ctx, resource.DeleteRequest{State: state}, &resp) })
	clock.Go(func() {
		_ = clock.Sleep(bg, 30*time.Second) // Delete is waiting by then: time moves only when both sleep
		interrupt()
	})
	clock.Wait()

	if !resp.Diagnostics.HasError() {
		t.Fatalf("Delete interrupted ended without an error, so Terraform drops the job from state: %v", resp.Diagnostics)
	}
	detail := resp.Diagnostics.Errors()[0].Detail()
	for _, want := range []string{"interrupted", "was not deleted", "stays in state", "terraform destroy again"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail %q says nothing of %q", detail, want)
		}
	}
	res, err := client.DescribeDeploymentJob(bg, jobID)
	if err != nil || jobStatus(&res.Job.DeploymentJob) == statusDeleted {
		t.Errorf("the job after the interrupted Delete: %+v, %v; want it still there", res, err)
	}
}
