package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// A deployment job is one run: CAS freezes a job once it is success or
// error, so changing what a started job deploys makes a new job, and
// destroying one deletes its record without undoing the deployment.

var (
	_ resource.ResourceWithIdentity    = (*deploymentJobResource)(nil)
	_ resource.ResourceWithConfigure   = (*deploymentJobResource)(nil)
	_ resource.ResourceWithImportState = (*deploymentJobResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*deploymentJobResource)(nil)
)

// NewDeploymentJobResource is resource "alicas_deployment_job".
func NewDeploymentJobResource() resource.Resource {
	return &deploymentJobResource{}
}

type deploymentJobResource struct {
	configuredResource
}

const (
	defaultJobCreateTimeout = 30 * time.Minute
	defaultJobDeleteTimeout = 10 * time.Minute
)

type deploymentJobModel struct {
	ID                types.String      `tfsdk:"id"`
	JobID             types.Int64       `tfsdk:"job_id"`
	Name              types.String      `tfsdk:"name"`
	JobType           types.String      `tfsdk:"job_type"`
	CertificateIDs    types.Set         `tfsdk:"certificate_ids"`
	ResourceIDs       types.Set         `tfsdk:"resource_ids"`
	ContactIDs        types.Set         `tfsdk:"contact_ids"`
	ScheduleTime      timetypes.RFC3339 `tfsdk:"schedule_time"`
	Start             types.Bool        `tfsdk:"start"`
	WaitForCompletion types.Bool        `tfsdk:"wait_for_completion"`
	RollbackOnDestroy types.Bool        `tfsdk:"rollback_on_destroy"`
	Triggers          types.Map         `tfsdk:"triggers"`
	Status            types.String      `tfsdk:"status"`
	WorkerCount       types.Int64       `tfsdk:"worker_count"`
	SuccessCount      types.Int64       `tfsdk:"success_count"`
	FailedCount       types.Int64       `tfsdk:"failed_count"`
	StartedAt         types.String      `tfsdk:"started_at"`
	EndedAt           types.String      `tfsdk:"ended_at"`
	FailedWorkers     types.List        `tfsdk:"failed_workers"`
	Timeouts          timeouts.Value    `tfsdk:"timeouts"`
}

// deployAttributes are what a job deploys: a started job cannot change them.
var deployAttributes = []string{"name", "certificate_ids", "resource_ids", "contact_ids", "schedule_time", "start"}

func (r *deploymentJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job"
}

func (r *deploymentJobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	workerAttributes, err := deploymentJobWorker.resourceAttributes()
	if err != nil {
		resp.Diagnostics.AddError("Could not build the schema", "failed_workers: "+err.Error()+". This is a bug in the provider; please report it.")
		return
	}
	idSet := func(description string) schema.SetAttribute {
		return schema.SetAttribute{Required: true, ElementType: positiveWholeNumber, MarkdownDescription: description,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), eachWholeNumber{}}}
	}
	computedInt := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	}
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Deploys certificates to cloud resources with a CAS deployment job (API `CreateDeploymentJob`, " +
			"`UpdateDeploymentJobStatus`), and waits until CAS reports for each resource whether it worked.\n\n" +
			"A job is **one run**: CAS freezes a job once it is `success` or `error` and cannot run it again. So creating this " +
			"resource deploys; changing what it deploys (a renewed certificate, other resources, `triggers`) plans a new job " +
			"(replacement); and a job that ends `error` fails the apply, naming each resource that failed, and is tainted, so " +
			"that the next apply runs a new job.\n\n" +
			"**Destroying this resource deletes the job's record in CAS. It does not undo the deployment**: the resources keep " +
			"the certificate the job put on them, unless `rollback_on_destroy` is `true`.\n\n" +
			"**Exactly once, whatever the network does.** CAS charges for deployments beyond a small free quota, so no job is " +
			"created, started, rolled back or deleted twice. When the answer to one of these calls is lost (a dropped " +
			"connection, a 5xx after the work was done, a read timeout), the provider reads the account to learn what " +
			"happened before doing anything else: a lost create is found by the job's name, certificates, resources and " +
			"contacts; a lost start, rollback or delete by the job's status. A job whose start failed is never tainted: it " +
			"stays a draft in CAS, and the next apply with the same configuration finds that draft (same name, " +
			"certificates, resources, contacts and schedule) and starts it, rather than creating another. For the same " +
			"reason a draft you made in the console that matches exactly is taken over by the first apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The job ID, as a string (what `terraform import` takes).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"job_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "The job ID (`JobId`), for `alicas_deployment_job_workers` and the other job data sources.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Job name (`Name`), as the CAS console shows it. " +
				"A draft (`start = false`, still editing) is renamed in place; renaming a started job plans a new job (a new run).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"job_type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("user"),
				MarkdownDescription: "`user` (Alibaba Cloud services, the default) or `cloud` (multi-cloud). Changing it plans a new job.",
				Validators:          []validator.String{stringvalidator.OneOf("user", "cloud")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"certificate_ids": idSet("IDs of the certificates to deploy (`CertIds`): `alicas_certificate.<name>.cert_id`, or " +
				"`data.alicas_certificates.<name>.ids`. Each resource gets the certificates whose names cover its domain."),
			"resource_ids": idSet("CAS's own IDs of the cloud resources to deploy to (`ResourceIds`): the `ids` of " +
				"`data.alicas_cloud_resources`, not instance IDs or domains. Strings of digits convert."),
			"contact_ids": idSet("IDs of the contacts CAS notifies about the job (`ContactIds`, required by the API): the " +
				"`ids` of `data.alicas_contacts`. Strings of digits convert."),
			"schedule_time": schema.StringAttribute{Optional: true,
				MarkdownDescription: "When the job runs once started (`ScheduleTime`), an RFC 3339 time in the future such as " +
					"`2027-01-01T02:00:00Z`. Unset: it runs as soon as it is started. With a time beyond the create timeout, " +
					"set `wait_for_completion = false`.",
				CustomType: timetypes.RFC3339Type{}},
			"start": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether to start the job (the default). `false` leaves a draft in `editing`, whose name, IDs " +
					"and schedule change in place; setting it to `true` later starts it."},
			"wait_for_completion": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether apply waits until the job is `success` or `error` (the default), polling at a " +
					"growing interval. `false` returns once it is started; later plans refresh its status."},
			"rollback_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroying rolls back every successful worker (each resource gets back the " +
					"certificate it had before the job) and waits for that before deleting the job. Default `false`: the " +
					"resources keep what the job deployed."},
			"triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; any change plans a new job (a new run of the same deployment), e.g. " +
					"`{ renewed = alicas_certificate.web.not_after }`.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"status": computedString("The job's status (`Status`): `editing` (a draft), `pending` (waiting for " +
				"`schedule_time`), `scheduling`, `processing`, `success` or `error`."),
			"worker_count": computedInt("How many workers the job has (`WorkerCount`): one per certificate and resource " +
				"whose domain it covers."),
			"success_count": computedInt("How many workers succeeded (`SuccessCount`, rollbacks not counted)."),
			"failed_count":  computedInt("How many workers failed (`FailedCount`, rollbacks not counted)."),
			"started_at":    computedString("When the job started running (`StartTime`), RFC 3339; null until it has."),
			"ended_at":      computedString("When the job finished (`EndTime`), RFC 3339; null until it has."),
			"failed_workers": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The workers that failed (`ListWorkerResource` with `Status` error), by worker ID, each " +
					"as `alicas_deployment_job_workers` shows a worker; `[]` when none did. The API gives no reason per worker; " +
					"the apply's error names the likely cause.",
				NestedObject: schema.NestedAttributeObject{Attributes: workerAttributes}},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, "Time limits for this job's waits.",
				map[string]time.Duration{"create": defaultJobCreateTimeout, "update": defaultJobCreateTimeout, "delete": defaultJobDeleteTimeout},
				map[string]string{
					"create": "how long apply waits for a new job to finish. Past it the apply fails and says the job goes on running in CAS",
					"update": "how long apply waits for a draft it starts",
					"delete": "how long destroy waits for a running job, and for rollbacks. Past it the destroy fails and the job stays in state",
				}),
		},
	}
}

// ModifyPlan decides, in one place, what a change to an existing job
// means: a draft changes in place; a started job is replaced, and the plan
// says why; a change of settings only (waiting, rollback, timeouts) keeps
// the job's observed values.
func (r *deploymentJobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		// A new job, or the new job of a replacement (Terraform plans
		// that as a create).
		resp.Diagnostics.Append(r.checkScheduleTime(ctx, req.Plan)...)
		return
	}
	var state deploymentJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		if !state.RollbackOnDestroy.ValueBool() {
			resp.Diagnostics.AddWarning("Destroying a deployment job does not undo it",
				fmt.Sprintf("Destroying deletes the record of deployment job %s in CAS. The resources keep the certificates it "+
					"deployed. To put back what they had before, set rollback_on_destroy = true and apply before destroying.", state.ID.ValueString()))
		}
		return
	}
	var plan deploymentJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	changed, diags := deploymentChanges(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	status := cas.JobStatus(state.Status.ValueString())
	draft := status == cas.JobEditing // never started: by choice (start = false), or its start failed
	if draft && !plan.ScheduleTime.Equal(state.ScheduleTime) {
		resp.Diagnostics.Append(r.checkScheduleTime(ctx, req.Plan)...)
	}
	switch {
	case status == cas.JobError:
		// Terraform replaces only for a path whose value changes: the
		// status to come, unknown, is that change.
		plan.Status = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
		resp.Diagnostics.AddWarning("Deployment job failed: a new job replaces it",
			fmt.Sprintf("Deployment job %s ended error, and CAS cannot run a finished job again, so this plan runs a new job "+
				"in its place. Fix what failed first (the failed_workers attribute names the resources).", state.ID.ValueString()))
	case draft && plan.Start.ValueBool() && len(changed) == 0:
		// A draft to start: in place, the same job.
		plan.Status = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	case len(changed) == 0:
		// Only settings changed: the job stays what it is.
		plan.Status, plan.WorkerCount, plan.SuccessCount, plan.FailedCount = state.Status, state.WorkerCount, state.SuccessCount, state.FailedCount
		plan.StartedAt, plan.EndedAt, plan.FailedWorkers = state.StartedAt, state.EndedAt, state.FailedWorkers
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	case !draft || (!plan.ScheduleTime.Equal(state.ScheduleTime) && plan.ScheduleTime.IsNull()):
		// A started job is frozen; nor can a draft's schedule be removed
		// (UpdateDeploymentJob leaves out what it is not given).
		for _, name := range changed {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root(name))
		}
		why := fmt.Sprintf("has started (status %s), and CAS cannot change or run again a started job", status)
		if draft {
			why = "is a draft, but CAS cannot remove a draft's schedule_time"
		}
		resp.Diagnostics.AddWarning("Deployment job replaced: a new job runs",
			fmt.Sprintf("Deployment job %s %s, so changing %s plans a new job in its place. The old job's record is deleted; "+
				"what it deployed stays on the resources until the new job replaces it.", state.ID.ValueString(), why, strings.Join(changed, ", ")))
	}
}

// checkScheduleTime checks the schedule_time of a job about to be created
// or rescheduled: CAS refuses one in the past only at apply, in
// milliseconds. A job already scheduled is not checked: its time passes.
// It also warns when a job waited for would start only after its create
// timeout: the apply would time out waiting.
func (r *deploymentJobResource) checkScheduleTime(ctx context.Context, plan tfsdk.Plan) diag.Diagnostics {
	var m deploymentJobModel
	diags := plan.Get(ctx, &m)
	if diags.HasError() || m.ScheduleTime.IsNull() || m.ScheduleTime.IsUnknown() {
		return diags
	}
	at, d := m.ScheduleTime.ValueRFC3339Time()
	if d.HasError() {
		return diags // the attribute's type reports it
	}
	now := time.Now()
	if r.client != nil {
		now = r.client.Clock().Now()
	}
	if !at.After(now) {
		diags.AddAttributeError(path.Root("schedule_time"), "schedule_time is in the past",
			fmt.Sprintf("schedule_time is %q, which is not in the future (it is now %s), and CAS runs a job only at a time to come. "+
				"Give a later RFC 3339 time such as %q, or leave schedule_time out to run the job as soon as it starts.",
				m.ScheduleTime.ValueString(), now.UTC().Format(time.RFC3339), now.UTC().Add(time.Hour).Truncate(time.Hour).Format(time.RFC3339)))
		return diags
	}
	if !m.WaitForCompletion.ValueBool() || !m.Start.ValueBool() {
		return diags
	}
	limit, tdiags := m.Timeouts.Create(ctx, defaultJobCreateTimeout)
	if tdiags.HasError() || !at.After(now.Add(limit)) {
		return diags
	}
	diags.AddAttributeWarning(path.Root("schedule_time"), "The job starts after the create timeout",
		fmt.Sprintf("schedule_time %s is more than the create timeout (%s) away, so the apply would time out waiting for the job. "+
			"Set wait_for_completion = false (later plans refresh its status), or raise timeouts { create }.", m.ScheduleTime.ValueString(), limit))
	return diags
}

func (r *deploymentJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan deploymentJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	limit, diags := plan.Timeouts.Create(ctx, defaultJobCreateTimeout)
	resp.Diagnostics.Append(diags...)
	spec, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := r.client.Clock().WithTimeout(ctx, limit)
	defer cancel()

	jobID, err := r.engine.CreateJob(waitCtx, spec)
	if err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic("Could not create the deployment job (CreateDeploymentJob)", err, "create"))
		return
	}
	plan.ID, plan.JobID = types.StringValue(strconv.FormatInt(jobID, 10)), types.Int64Value(jobID)
	plan.setDraft()
	if !plan.Start.ValueBool() {
		resp.Diagnostics.Append(r.observe(waitCtx, &plan)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(jobIdentity.set(ctx, resp.Identity, plan.JobID)...)
		return
	}
	started, diags := r.start(ctx, waitCtx, &plan)
	resp.Diagnostics.Append(diags...)
	if !started {
		// Never started, so never in state: not tainted, and the next
		// apply finds this draft (CreateJob) and starts it, the same job.
		resp.Diagnostics.AddError(fmt.Sprintf("Deployment job %d was created but not started", jobID),
			fmt.Sprintf("Deployment job %d (%q) is a draft in CAS and deployed nothing. The next apply with this configuration "+
				"finds it and starts it: no second job is made. If you change what it deploys instead, delete the draft in the "+
				"CAS console.", jobID, spec.Name))
		return
	}
	resp.Diagnostics.Append(r.follow(ctx, waitCtx, &plan, limit, "create")...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(jobIdentity.set(ctx, resp.Identity, plan.JobID)...)
}

// start starts the job the plan describes and records its status. It
// reports false, with the reason, when the job stays a draft: the start was
// refused, or could not be settled (the job then may have started, and
// stays in state with an error, for the next plan to read).
func (r *deploymentJobResource) start(ctx, waitCtx context.Context, m *deploymentJobModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	jobID := m.JobID.ValueInt64()
	status, err := r.engine.StartJob(waitCtx, jobID, !m.ScheduleTime.IsNull())
	var unsettled *lifecycle.UnsettledError
	switch {
	case errors.As(err, &unsettled):
		m.Status = types.StringNull()
		diags.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not tell whether deployment job %d started (UpdateDeploymentJobStatus)", jobID), err, "create"))
		return true, diags
	case err != nil:
		diags.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not start deployment job %d (UpdateDeploymentJobStatus)", jobID), err, "create"))
		return false, diags
	}
	tflog.Info(ctx, fmt.Sprintf("started deployment job %d", jobID), map[string]any{"job_id": jobID, "status": string(status)})
	m.Status = types.StringValue(string(status))
	return true, diags
}

// follow waits for a started job when the plan says so, then records what
// it is: a job that ended error is an error naming each failed resource.
// ctx is the request's (Terraform interrupting ends it); waitCtx is bounded
// by the operation's timeout.
func (r *deploymentJobResource) follow(ctx, waitCtx context.Context, m *deploymentJobModel, limit time.Duration, operation string) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.Status.IsNull() { // the start could not be settled: its error says so
		diags.Append(r.observe(ctx, m)...)
		return diags
	}
	jobID := m.JobID.ValueInt64()
	if m.WaitForCompletion.ValueBool() {
		last, err := r.engine.WaitJob(waitCtx, jobID, cas.JobStatus(m.Status.ValueString()), lifecycle.Running, lifecycle.Finished)
		if err != nil {
			diags.Append(r.observe(ctx, m)...)
			diags.Append(waitDiagnostic(ctx, waitCtx, err, jobID, last, limit, operation))
			return diags
		}
	}
	diags.Append(r.observe(waitCtx, m)...)
	if cas.JobStatus(m.Status.ValueString()) == cas.JobError {
		diags.Append(r.failureDiagnostic(waitCtx, m))
	}
	diags.Append(r.uncoveredWarning(waitCtx, m)...)
	return diags
}

// waitDiagnostic says why a wait ended early: Terraform was interrupted
// (a warning: the job stays in state for the next plan to refresh), the
// timeout passed, or the job or the API did what the wait did not expect.
func waitDiagnostic(ctx, waitCtx context.Context, err error, jobID int64, status cas.JobStatus, limit time.Duration, operation string) diag.Diagnostic {
	switch {
	case ctx.Err() != nil:
		return diag.NewWarningDiagnostic("Stopped waiting for the deployment job",
			fmt.Sprintf("Terraform was interrupted while deployment job %d was %s. The job goes on running in CAS and stays "+
				"in state; the next plan refreshes its status.", jobID, status))
	case waitCtx.Err() != nil:
		return diag.NewErrorDiagnostic("Timed out waiting for the deployment job",
			fmt.Sprintf("Deployment job %d was still %s after the %s timeout of %s. It goes on running in CAS: nothing "+
				"stops a job once started. The resource is marked tainted, so the next apply runs a new job; to keep this "+
				"one instead, run terraform untaint on it and the next plan refreshes its status. For long jobs raise "+
				"timeouts { %s = \"1h\" }, or set wait_for_completion = false.", jobID, status, operation, durationText(limit), operation))
	}
	var unexpected *lifecycle.UnexpectedStatusError
	if errors.As(err, &unexpected) || lifecycle.Gone(err) {
		return diag.NewErrorDiagnostic(fmt.Sprintf("Deployment job %d changed outside Terraform", jobID),
			fmt.Sprintf("While apply waited for deployment job %d to finish: %v. Look at the job in the CAS console; the next "+
				"plan reads what it is now.", jobID, err))
	}
	return resourceErrorDiagnostic(fmt.Sprintf("Could not follow deployment job %d (DescribeDeploymentJob; last seen %s)", jobID, status), err, operation)
}

// notDeletedDiagnostic says why destroy stopped before deleting a job:
// always an error, so that the job, not deleted, stays in state (a Delete
// without one drops it) and the next destroy deletes it.
func notDeletedDiagnostic(ctx, waitCtx context.Context, err error, jobID int64, status cas.JobStatus, limit time.Duration) diag.Diagnostic {
	var failed *lifecycle.RollbackFailedError
	switch {
	case ctx.Err() != nil:
		return diag.NewErrorDiagnostic("Deployment job not deleted",
			fmt.Sprintf("Terraform was interrupted while destroy waited for deployment job %d (%s). The job was not deleted: it "+
				"goes on in CAS and stays in state. Run terraform destroy again to delete it once it has finished.", jobID, status))
	case waitCtx.Err() != nil:
		return diag.NewErrorDiagnostic("Deployment job not deleted",
			fmt.Sprintf("Deployment job %d was still %s after the delete timeout of %s, so it was not deleted: it goes on in "+
				"CAS and stays in state. Run terraform destroy again once it has finished, or raise timeouts { delete = \"30m\" }.",
				jobID, status, durationText(limit)))
	case errors.As(err, &failed):
		names := make([]string, len(failed.Failed))
		for i, w := range failed.Failed {
			names[i] = lifecycle.DescribeWorker(w)
		}
		return diag.NewErrorDiagnostic(fmt.Sprintf("Could not roll back deployment job %d", jobID),
			fmt.Sprintf("The rollback failed for %s: another deployment changed these resources since. The job was not "+
				"deleted and stays in state. Set rollback_on_destroy = false to delete it without rolling back.", strings.Join(names, "; ")))
	}
	return resourceErrorDiagnostic(fmt.Sprintf("Could not delete deployment job %d (last seen %s); it was not deleted", jobID, status), err, "delete")
}

// observe records what the job is now. A read that fails keeps what m had,
// with a warning: the job itself is already in state.
func (r *deploymentJobResource) observe(ctx context.Context, m *deploymentJobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if ctx.Err() != nil {
		ctx = context.WithoutCancel(ctx) // a few reads to leave an interrupted apply with a true state
	}
	report, err := r.engine.Report(ctx, m.JobID.ValueInt64())
	if err == nil {
		diags.Append(m.fromReport(ctx, report)...)
		return diags
	}
	if m.Status.IsNull() {
		m.Status = types.StringValue("")
	}
	diags.AddWarning(fmt.Sprintf("Could not read deployment job %d", m.JobID.ValueInt64()),
		fmt.Sprintf("The job is in state; its status there may be out of date until the next plan refreshes it: %v", err))
	return diags
}

// setDraft records a job just created: editing, nothing run yet.
func (m *deploymentJobModel) setDraft() {
	m.Status = types.StringValue(string(cas.JobEditing))
	m.WorkerCount, m.SuccessCount, m.FailedCount = types.Int64Null(), types.Int64Null(), types.Int64Null()
	m.StartedAt, m.EndedAt = types.StringNull(), types.StringNull()
	m.FailedWorkers = types.ListValueMust(deploymentJobWorker.attrType(), nil)
}

// fromReport is the one builder of the model's computed attributes from
// what the API says of the job.
func (m *deploymentJobModel) fromReport(ctx context.Context, r *lifecycle.JobReport) diag.Diagnostics {
	m.Status = types.StringValue(string(r.Status))
	m.StartedAt, m.EndedAt = instantValue(r.Job.StartTime), instantValue(r.Job.EndTime)
	m.WorkerCount, m.SuccessCount, m.FailedCount = types.Int64PointerValue((*int64)(r.Counts.WorkerCount)),
		types.Int64PointerValue((*int64)(r.Counts.SuccessCount)), types.Int64PointerValue((*int64)(r.Counts.FailedCount))
	v, err := types.ListType{ElemType: deploymentJobWorker.attrType()}.ValueFromTerraform(ctx, deploymentJobWorker.listValue(r.FailedWorkers))
	var diags diag.Diagnostics
	list, ok := v.(types.List)
	if err != nil || !ok {
		diags.AddError("Could not record the failed workers", fmt.Sprintf("%v (%T). This is a bug in the provider; please report it.", err, v))
		return diags
	}
	m.FailedWorkers = list
	return diags
}

// fromSpec is the one builder of an imported job's arguments, from what the
// job deploys, so that a plan with the matching configuration shows no
// changes.
func (m *deploymentJobModel) fromSpec(spec lifecycle.JobSpec, status cas.JobStatus) {
	m.Name, m.JobType = types.StringValue(spec.Name), types.StringValue(spec.JobType)
	m.Start, m.WaitForCompletion, m.RollbackOnDestroy = types.BoolValue(status != cas.JobEditing), types.BoolValue(true), types.BoolValue(false)
	m.Triggers, m.ScheduleTime = types.MapNull(types.StringType), timetypes.NewRFC3339Null()
	if !spec.ScheduleTime.IsZero() {
		m.ScheduleTime = timetypes.NewRFC3339TimeValue(spec.ScheduleTime)
	}
	m.CertificateIDs, m.ResourceIDs, m.ContactIDs = int64Set(spec.CertIDs), int64Set(spec.ResourceIDs), int64Set(spec.ContactIDs)
}

func instantValue(v *cas.Int64) types.String {
	if v.Value() <= 0 {
		return types.StringNull()
	}
	return types.StringValue(cas.Instant(v.Value()).Format(time.RFC3339))
}

// failureDiagnostic is the one error of a job that ended error: each
// failed resource, and the likely cause the engine finds.
func (r *deploymentJobResource) failureDiagnostic(ctx context.Context, m *deploymentJobModel) diag.Diagnostic {
	jobID := m.JobID.ValueInt64()
	failures, err := r.engine.AnalyzeFailure(ctx, jobID)
	var b strings.Builder
	fmt.Fprintf(&b, "Deployment job %d ended error: %d of %d workers failed.\n", jobID, m.FailedCount.ValueInt64(), m.WorkerCount.ValueInt64())
	if err != nil {
		fmt.Fprintf(&b, "\nThe failed workers could not be read: %v\n", err)
	}
	for _, f := range failures {
		fmt.Fprintf(&b, "\n- %s: %s", lifecycle.DescribeWorker(f.Worker), f.Reason)
	}
	b.WriteString("\n\nThe job stays in state, marked tainted: CAS cannot run a finished job again, so the next apply runs a " +
		"new job. Fix the cause first; the resources that succeeded carry the new certificate already.")
	return diag.NewErrorDiagnostic(fmt.Sprintf("Deployment job %d failed", jobID), b.String())
}

// uncoveredWarning names the resources the job made no worker for: none of
// its certificates covers their domain, so nothing was deployed there.
func (r *deploymentJobResource) uncoveredWarning(ctx context.Context, m *deploymentJobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	resourceIDs, d := int64s(ctx, m.ResourceIDs)
	diags.Append(d...)
	if diags.HasError() || m.WorkerCount.IsNull() || m.WorkerCount.ValueInt64() >= int64(len(resourceIDs)) {
		return diags
	}
	missing, err := r.engine.Uncovered(ctx, m.JobID.ValueInt64(), resourceIDs)
	if err != nil || len(missing) == 0 {
		return diags
	}
	ids := make([]string, len(missing))
	for i, id := range missing {
		ids[i] = strconv.FormatInt(id, 10)
	}
	diags.AddAttributeWarning(path.Root("resource_ids"), "Nothing deployed to some resources",
		fmt.Sprintf("Deployment job %d has no worker for resources %s: none of certificate_ids covers their domain, so CAS "+
			"deploys nothing there. Check the certificates' names against the resources' domains (data \"alicas_cloud_resources\").",
			m.JobID.ValueInt64(), strings.Join(ids, ", ")))
	return diags
}

func (r *deploymentJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m deploymentJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.JobID.IsNull() { // just imported: only id is known
		id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
		if err != nil {
			resp.Diagnostics.AddError("Invalid deployment job ID", fmt.Sprintf("%q is not a job ID (a number).", m.ID.ValueString()))
			return
		}
		m.JobID = types.Int64Value(id)
	}
	jobID := m.JobID.ValueInt64()
	report, err := r.engine.Report(ctx, jobID)
	switch {
	case lifecycle.Gone(err):
		tflog.Warn(ctx, fmt.Sprintf("deployment job %d is gone; removing it from state", jobID), map[string]any{"job_id": jobID})
		jobIdentity.remove(ctx, resp, jobID)
		return
	case err != nil:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", jobID), err, "read"))
		return
	}
	if m.Name.IsNull() {
		spec, err := r.engine.JobSpec(ctx, jobID)
		if err != nil {
			resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not import deployment job %d", jobID), err, "read"))
			return
		}
		m.fromSpec(spec, report.Status)
	}
	resp.Diagnostics.Append(m.fromReport(ctx, report)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(jobIdentity.set(ctx, resp.Identity, m.JobID)...)
}

func (r *deploymentJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state deploymentJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.JobID = state.ID, state.JobID
	changed, diags := deploymentChanges(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	// ModifyPlan replaced every job but a draft; any other update changes
	// settings only.
	resp.Diagnostics.Append(jobIdentity.set(ctx, resp.Identity, plan.JobID)...)
	if cas.JobStatus(state.Status.ValueString()) != cas.JobEditing {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	limit, diags := plan.Timeouts.Update(ctx, defaultJobCreateTimeout)
	resp.Diagnostics.Append(diags...)
	spec, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := r.client.Clock().WithTimeout(ctx, limit)
	defer cancel()
	jobID := plan.JobID.ValueInt64()
	if len(changed) > 0 {
		update := cas.UpdateDeploymentJobRequest{JobID: jobID, Name: &spec.Name,
			CertIDs: spec.CertIDs, ResourceIDs: spec.ResourceIDs, ContactIDs: spec.ContactIDs}
		if !spec.ScheduleTime.IsZero() {
			update.ScheduleTime = &spec.ScheduleTime
		}
		if err := r.engine.UpdateDraft(waitCtx, update); err != nil {
			resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not update deployment job %d (UpdateDeploymentJob)", jobID), err, "update"))
			return
		}
	}
	plan.setDraft()
	if plan.Start.ValueBool() {
		// A start that fails leaves the draft in state: an update's error
		// taints nothing, so the next apply starts it in place.
		started, diags := r.start(ctx, waitCtx, &plan)
		resp.Diagnostics.Append(diags...)
		if started {
			resp.Diagnostics.Append(r.follow(ctx, waitCtx, &plan, limit, "update")...)
		}
	} else {
		resp.Diagnostics.Append(r.observe(waitCtx, &plan)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *deploymentJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state deploymentJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	limit, diags := state.Timeouts.Delete(ctx, defaultJobDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := r.client.Clock().WithTimeout(ctx, limit)
	defer cancel()
	jobID := state.JobID.ValueInt64()
	last, err := r.engine.DeleteJob(waitCtx, jobID, state.RollbackOnDestroy.ValueBool())
	if err != nil {
		resp.Diagnostics.Append(notDeletedDiagnostic(ctx, waitCtx, err, jobID, last, limit))
	}
}

func (r *deploymentJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	jobIdentity.importState(ctx, req, resp, `8888 (as data "alicas_deployment_jobs" lists it)`)
}

// deploymentChanges names the deployAttributes whose planned value is not
// the state's.
func deploymentChanges(ctx context.Context, plan tfsdk.Plan, state tfsdk.State) ([]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	var changed []string
	for _, name := range deployAttributes {
		var p, s attr.Value
		diags.Append(plan.GetAttribute(ctx, path.Root(name), &p)...)
		diags.Append(state.GetAttribute(ctx, path.Root(name), &s)...)
		if !p.Equal(s) {
			changed = append(changed, name)
		}
	}
	return changed, diags
}

// spec is what the planned job deploys, as the API takes it.
func (m *deploymentJobModel) spec(ctx context.Context) (cas.CreateDeploymentJobRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	spec := cas.CreateDeploymentJobRequest{Name: m.Name.ValueString(), JobType: m.JobType.ValueString()}
	for _, ids := range []struct {
		set types.Set
		out *[]int64
	}{{m.CertificateIDs, &spec.CertIDs}, {m.ResourceIDs, &spec.ResourceIDs}, {m.ContactIDs, &spec.ContactIDs}} {
		v, d := int64s(ctx, ids.set)
		diags.Append(d...)
		*ids.out = v
	}
	if !m.ScheduleTime.IsNull() {
		t, d := m.ScheduleTime.ValueRFC3339Time()
		diags.Append(d...)
		spec.ScheduleTime = t
	}
	return spec, diags
}

func int64s(ctx context.Context, set types.Set) ([]int64, diag.Diagnostics) {
	var ids []int64
	diags := set.ElementsAs(ctx, &ids, false)
	slices.Sort(ids)
	return ids, diags
}

func int64Set(ids []int64) types.Set {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = wholeNumberValue{Int64Value: types.Int64Value(id), typ: positiveWholeNumber}
	}
	return types.SetValueMust(positiveWholeNumber, elems)
}

// jobIdentity identifies a job by its JobId.
var jobIdentity = numberIdentity{attr: "job_id", what: "deployment job"}

func (r *deploymentJobResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	jobIdentity.schema(resp)
}
