package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// Rolling a deployment back is an operation, not a thing to keep, so it is
// an action (Terraform 1.14 and later): `terraform apply -invoke` or an
// action_trigger runs it. rollback_on_destroy of alicas_deployment_job does
// the same for older CLIs.

var _ action.ActionWithConfigure = (*deploymentJobRollback)(nil)

// NewDeploymentJobRollbackAction is action "alicas_deployment_job_rollback".
func NewDeploymentJobRollbackAction() action.Action { return &deploymentJobRollback{} }

type deploymentJobRollback struct {
	engine *lifecycle.Engine
}

type deploymentJobRollbackModel struct {
	JobID     types.Int64  `tfsdk:"job_id"`
	WorkerIDs types.Set    `tfsdk:"worker_ids"`
	Timeout   types.String `tfsdk:"timeout"`
}

const defaultRollbackTimeout = 10 * time.Minute

func (a *deploymentJobRollback) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job_rollback"
}

func (a *deploymentJobRollback) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Rolls a finished deployment job back: each chosen worker's resource gets back the certificate it " +
			"had before the job (API `CreateRollbackTask`, or `UpdateWorkerResourceStatus` where the account does not offer " +
			"it), each worker once, and waits until none is still rolling back, reporting progress. It fails naming each " +
			"worker whose rollback failed (another deployment changed its resource since). Needs Terraform 1.14 or later " +
			"(`terraform apply -invoke=action.alicas_deployment_job_rollback.<name>`, or an `action_trigger`); OpenTofu has no " +
			"actions yet, and older Terraform can use `rollback_on_destroy` of `alicas_deployment_job`.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.Int64Attribute{Required: true,
				MarkdownDescription: "The finished job to roll back (`JobId`): `alicas_deployment_job.<name>.job_id`."},
			"worker_ids": schema.SetAttribute{Optional: true, ElementType: types.Int64Type,
				MarkdownDescription: "The workers to roll back (`WorkerId`, as `data.alicas_deployment_job_workers` lists them). " +
					"Unset: every worker that succeeded. A worker already rolled back is not asked again.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1)}},
			"timeout": schema.StringAttribute{Optional: true,
				MarkdownDescription: "How long to wait for the rollbacks, a duration such as `30m`; default `10m`. Past it the " +
					"action fails; the rollbacks asked for go on in CAS.",
				Validators: []validator.String{timeoutValidator{operation: "rollback", def: durationText(defaultRollbackTimeout), attr: "timeout"}}},
		},
	}
}

func (a *deploymentJobRollback) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	c, diags := configuredClient(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if c != nil {
		a.engine = c.engine
	}
}

func (a *deploymentJobRollback) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m deploymentJobRollbackModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.engine == nil {
		resp.Diagnostics.AddError("Provider not configured", "The alicas provider was not configured before this action ran.")
		return
	}
	var workerIDs []int64
	resp.Diagnostics.Append(m.WorkerIDs.ElementsAs(ctx, &workerIDs, true)...)
	limit := defaultRollbackTimeout
	if !m.Timeout.IsNull() {
		limit, _ = time.ParseDuration(m.Timeout.ValueString()) // checked at validate
	}
	if resp.Diagnostics.HasError() {
		return
	}
	jobID := m.JobID.ValueInt64()
	waitCtx, cancel := a.engine.Client().Clock().WithTimeout(ctx, limit)
	defer cancel()
	result, err := a.engine.RollBack(waitCtx, jobID, workerIDs, func(pending int) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("deployment job %d: %d worker(s) still rolling back", jobID, pending)})
		}
	})
	var failed *lifecycle.RollbackFailedError
	switch {
	case errors.As(err, &failed):
		names := make([]string, len(failed.Failed))
		for i, w := range failed.Failed {
			names[i] = "- " + lifecycle.DescribeWorker(w)
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Deployment job %d: %d rollback(s) failed", jobID, len(failed.Failed)),
			fmt.Sprintf("CAS could not roll back these workers; another deployment changed their resources since:\n%s\n\n"+
				"%d other worker(s) were rolled back.", strings.Join(names, "\n"), len(result.RolledBack)))
	case waitCtx.Err() != nil && ctx.Err() == nil:
		resp.Diagnostics.AddError(fmt.Sprintf("Timed out rolling back deployment job %d", jobID),
			fmt.Sprintf("The rollbacks were still running after %s. They go on in CAS; data \"alicas_deployment_job_workers\" "+
				"shows them. Raise timeout to wait longer.", durationText(limit)))
	case err != nil:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not roll back deployment job %d", jobID), err, "read"))
	default:
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("deployment job %d: %d worker(s) rolled back", jobID, len(result.RolledBack))})
		}
	}
}
