package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// A deployment job is one run: CAS freezes a job once it is success or
// error, so changing what a started job deploys makes a new job, and
// destroying one deletes its record without undoing the deployment.

var (
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
	ID                types.String   `tfsdk:"id"`
	JobID             types.Int64    `tfsdk:"job_id"`
	Name              types.String   `tfsdk:"name"`
	JobType           types.String   `tfsdk:"job_type"`
	CertificateIDs    types.Set      `tfsdk:"certificate_ids"`
	ResourceIDs       types.Set      `tfsdk:"resource_ids"`
	ContactIDs        types.Set      `tfsdk:"contact_ids"`
	ScheduleTime      types.String   `tfsdk:"schedule_time"`
	Start             types.Bool     `tfsdk:"start"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	RollbackOnDestroy types.Bool     `tfsdk:"rollback_on_destroy"`
	Triggers          types.Map      `tfsdk:"triggers"`
	Status            types.String   `tfsdk:"status"`
	WorkerCount       types.Int64    `tfsdk:"worker_count"`
	SuccessCount      types.Int64    `tfsdk:"success_count"`
	FailedCount       types.Int64    `tfsdk:"failed_count"`
	StartedAt         types.String   `tfsdk:"started_at"`
	EndedAt           types.String   `tfsdk:"ended_at"`
	FailedWorkers     types.List     `tfsdk:"failed_workers"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// values are the whole job, every attribute, as setState writes them.
func (m *deploymentJobModel) values(ctx context.Context) (map[string]tftypes.Value, diag.Diagnostics) {
	return modelValues(ctx, map[string]attr.Value{
		"id": m.ID, "job_id": m.JobID, "name": m.Name, "job_type": m.JobType,
		"certificate_ids": m.CertificateIDs, "resource_ids": m.ResourceIDs, "contact_ids": m.ContactIDs,
		"schedule_time": m.ScheduleTime, "start": m.Start, "wait_for_completion": m.WaitForCompletion,
		"rollback_on_destroy": m.RollbackOnDestroy, "triggers": m.Triggers,
		"status": m.Status, "worker_count": m.WorkerCount, "success_count": m.SuccessCount, "failed_count": m.FailedCount,
		"started_at": m.StartedAt, "ended_at": m.EndedAt, "failed_workers": m.FailedWorkers, "timeouts": m.Timeouts,
	})
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
			"the certificate the job put on them, unless `rollback_on_destroy` is `true`.",
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
				Validators: []validator.String{rfc3339Validator{}}},
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
		resp.Diagnostics.Append(checkScheduleTime(ctx, req.Plan)...)
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
	status := state.Status.ValueString()
	draft := !state.Start.ValueBool() && status == statusEditing
	if draft && !plan.ScheduleTime.Equal(state.ScheduleTime) {
		resp.Diagnostics.Append(checkScheduleTime(ctx, req.Plan)...)
	}
	switch {
	case status == statusError:
		// Terraform replaces only for a path whose value changes: the
		// status to come, unknown, is that change.
		plan.Status = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
		resp.Diagnostics.AddWarning("Deployment job failed: a new job replaces it",
			fmt.Sprintf("Deployment job %s ended error, and CAS cannot run a finished job again, so this plan runs a new job "+
				"in its place. Fix what failed first (the failed_workers attribute names the resources).", state.ID.ValueString()))
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
func checkScheduleTime(ctx context.Context, plan tfsdk.Plan) diag.Diagnostics {
	var m deploymentJobModel
	diags := plan.Get(ctx, &m)
	if diags.HasError() || m.ScheduleTime.IsNull() || m.ScheduleTime.IsUnknown() {
		return diags
	}
	at, err := time.Parse(time.RFC3339, m.ScheduleTime.ValueString())
	if err != nil {
		return diags // the attribute's validator reports it
	}
	now := pollJobs.clock.Now()
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
	waitCtx, cancel := pollJobs.clock.WithTimeout(ctx, limit)
	defer cancel()

	jobID, err := r.createJob(waitCtx, spec)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create the deployment job", err))
		return
	}
	// Nothing a later failure does may lose the job: it goes in state now.
	plan.ID, plan.JobID = types.StringValue(strconv.FormatInt(jobID, 10)), types.Int64Value(jobID)
	plan.Status = types.StringValue(statusEditing)
	plan.WorkerCount, plan.SuccessCount, plan.FailedCount = types.Int64Null(), types.Int64Null(), types.Int64Null()
	plan.StartedAt, plan.EndedAt, plan.FailedWorkers = types.StringNull(), types.StringNull(), types.ListValueMust(deploymentJobWorker.attrType(), nil)
	values, diags := plan.values(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setState(&resp.State, values)...)
	tflog.Info(ctx, fmt.Sprintf("created deployment job %d", jobID), map[string]any{"job_id": jobID})

	resp.Diagnostics.Append(r.run(ctx, waitCtx, &plan, limit, "create")...)
	values, diags = plan.values(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setState(&resp.State, values)...)
}

// createJob creates the job. When the answer is lost (the client cannot
// tell whether CAS created it), it looks for the job just created before
// creating again, so that one apply never makes two jobs.
func (r *deploymentJobResource) createJob(ctx context.Context, spec cas.CreateDeploymentJobRequest) (int64, error) {
	jobID, err := r.client.CreateDeploymentJob(ctx, spec)
	var unknown *cas.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		return jobID, err
	}
	tflog.Warn(ctx, "the answer to CreateDeploymentJob was lost; looking for the job before creating it again",
		map[string]any{"name": spec.Name, "error": err.Error()})
	found, findErr := r.findCreatedJob(ctx, spec)
	switch {
	case findErr != nil:
		return 0, fmt.Errorf("%w; looking for the job it may have created failed too: %w", err, findErr)
	case found != 0:
		tflog.Info(ctx, fmt.Sprintf("found deployment job %d, created by the lost call", found), map[string]any{"job_id": found})
		return found, nil
	}
	return r.client.CreateDeploymentJob(ctx, spec)
}

// findCreatedJob is the newest job still editing with the spec's name,
// certificates and resources, or 0.
func (r *deploymentJobResource) findCreatedJob(ctx context.Context, spec cas.CreateDeploymentJobRequest) (int64, error) {
	list, err := r.client.ListDeploymentJobs(ctx, cas.DeploymentJobFilter{JobType: spec.JobType, Status: statusEditing})
	if err != nil {
		return 0, err
	}
	var candidates []int64
	for _, j := range list.Jobs {
		if j.Name != nil && string(*j.Name) == spec.Name {
			candidates = append(candidates, int64(*j.ID))
		}
	}
	slices.Sort(candidates)
	for _, id := range slices.Backward(candidates) {
		certs, err := r.client.ListDeploymentJobCert(ctx, id)
		if err != nil {
			return 0, err
		}
		resources, err := r.client.ListDeploymentJobResource(ctx, id)
		if err != nil {
			return 0, err
		}
		certIDs := make([]int64, 0, len(certs.Certs))
		for _, c := range certs.Certs {
			if c.CertID != nil {
				certIDs = append(certIDs, int64(*c.CertID))
			}
		}
		resourceIDs := make([]int64, 0, len(resources.Resources))
		for _, res := range resources.Resources {
			if res.ID != nil {
				resourceIDs = append(resourceIDs, int64(*res.ID))
			}
		}
		if sameIDs(certIDs, spec.CertIDs) && sameIDs(resourceIDs, spec.ResourceIDs) {
			return id, nil
		}
	}
	return 0, nil
}

func sameIDs(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// run starts the job when the plan says so, waits for it when asked, and
// records what it then is in m. ctx is the request's (Terraform
// interrupting ends it); waitCtx is bounded by the operation's timeout.
func (r *deploymentJobResource) run(ctx, waitCtx context.Context, m *deploymentJobModel, limit time.Duration, operation string) diag.Diagnostics {
	var diags diag.Diagnostics
	jobID := m.JobID.ValueInt64()
	if m.Start.ValueBool() {
		status := statusScheduling // run now
		if !m.ScheduleTime.IsNull() {
			status = statusPending // run at schedule_time
		}
		err := r.client.UpdateDeploymentJobStatus(waitCtx, jobID, status)
		if err != nil && r.lookedAgain(waitCtx, jobID, err, func(s string) bool { return s != statusEditing }) {
			err = nil // the lost call started it
		}
		if err != nil {
			diags.Append(apiErrorDiagnostic(fmt.Sprintf("Could not start deployment job %d", jobID), err))
			diags.Append(r.observe(ctx, m)...)
			return diags
		}
		tflog.Info(ctx, fmt.Sprintf("started deployment job %d", jobID), map[string]any{"job_id": jobID, "status": status})
		if m.WaitForCompletion.ValueBool() {
			wait, err := waitForJob(waitCtx, r.client, jobID, status, finished)
			if err != nil {
				diags.Append(r.observe(ctx, m)...)
				diags.Append(waitDiagnostic(ctx, waitCtx, err, jobID, wait.status, limit, operation))
				return diags
			}
		}
	}
	diags.Append(r.observe(waitCtx, m)...)
	if m.Status.ValueString() == statusError {
		diags.Append(r.failureDiagnostic(waitCtx, m))
	}
	diags.Append(r.uncoveredWarning(waitCtx, m)...)
	return diags
}

// waitDiagnostic says why a wait ended early: Terraform was interrupted
// (a warning: the job stays in state for the next plan to refresh), the
// timeout passed, or the API failed.
func waitDiagnostic(ctx, waitCtx context.Context, err error, jobID int64, status string, limit time.Duration, operation string) diag.Diagnostic {
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
				"timeouts { %s = \"1h\" }, or set wait_for_completion = false.", jobID, status, operation, limit, operation))
	}
	return apiErrorDiagnostic(fmt.Sprintf("Could not follow deployment job %d (last seen %s)", jobID, status), err)
}

// notDeletedDiagnostic says why destroy stopped waiting for a job: always
// an error, so that the job, not deleted, stays in state (a Delete without
// one drops it) and the next destroy deletes it.
func notDeletedDiagnostic(ctx, waitCtx context.Context, err error, jobID int64, status string, limit time.Duration) diag.Diagnostic {
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
	}
	return apiErrorDiagnostic(fmt.Sprintf("Could not follow deployment job %d (last seen %s); it was not deleted", jobID, status), err)
}

// observe records what the job is now: status, times, counters and failed
// workers. A read that fails keeps what m had, with a warning: the job
// itself is already in state.
func (r *deploymentJobResource) observe(ctx context.Context, m *deploymentJobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if ctx.Err() != nil {
		ctx = context.WithoutCancel(ctx) // a few reads to leave an interrupted apply with a true state
	}
	jobID := m.JobID.ValueInt64()
	res, err := r.client.DescribeDeploymentJob(ctx, jobID)
	if err == nil {
		err = m.observe(ctx, r.client, &res.Job)
	}
	if err != nil {
		diags.AddWarning(fmt.Sprintf("Could not read deployment job %d", jobID),
			fmt.Sprintf("The job is in state; its status there may be out of date until the next plan refreshes it: %v", err))
	}
	return diags
}

// observe sets the model's computed attributes from the described job.
func (m *deploymentJobModel) observe(ctx context.Context, client *cas.Client, job *cas.DeploymentJobDetail) error {
	jobID := m.JobID.ValueInt64()
	counters, err := client.DescribeDeploymentJobStatus(ctx, jobID)
	if err != nil {
		return err
	}
	failed := []cas.Worker{}
	if counters.FailedCount != nil && *counters.FailedCount > 0 {
		if failed, err = listWorkers(ctx, client, jobID, cas.WorkerFilter{Status: statusError}); err != nil {
			return err
		}
	}
	m.Status = types.StringValue(jobStatus(&job.DeploymentJob))
	m.StartedAt, m.EndedAt = instantValue(job.StartTime), instantValue(job.EndTime)
	m.WorkerCount, m.SuccessCount, m.FailedCount = counterValue(counters.WorkerCount), counterValue(counters.SuccessCount), counterValue(counters.FailedCount)
	m.FailedWorkers, err = failedWorkersValue(ctx, failed)
	return err
}

func instantValue(v *cas.Int64) types.String {
	if v == nil || *v <= 0 {
		return types.StringNull()
	}
	return types.StringValue(cas.Instant(int64(*v)).Format(time.RFC3339))
}

func counterValue(v *cas.Int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*v))
}

func failedWorkersValue(ctx context.Context, workers []cas.Worker) (types.List, error) {
	sort.Slice(workers, func(i, j int) bool { return *workers[i].ID < *workers[j].ID })
	v, err := types.ListType{ElemType: deploymentJobWorker.attrType()}.ValueFromTerraform(ctx, deploymentJobWorker.listValue(workers))
	if err != nil {
		return types.List{}, err
	}
	list, ok := v.(types.List)
	if !ok {
		return types.List{}, fmt.Errorf("failed workers: got %T, not a list", v)
	}
	return list, nil
}

func casString(v *cas.String) types.String {
	if v == nil || *v == "" {
		return types.StringNull()
	}
	return types.StringValue(string(*v))
}

// failureDiagnostic is the one error of a job that ended error: each
// failed resource, and the likely cause where the API shows one.
func (r *deploymentJobResource) failureDiagnostic(ctx context.Context, m *deploymentJobModel) diag.Diagnostic {
	jobID := m.JobID.ValueInt64()
	workers, err := listWorkers(ctx, r.client, jobID, cas.WorkerFilter{Status: statusError})
	var causes jobFailureCauses
	if err == nil {
		causes, err = r.failureCauses(ctx, jobID)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Deployment job %d ended error: %d of %d workers failed.\n", jobID, m.FailedCount.ValueInt64(), m.WorkerCount.ValueInt64())
	if err != nil {
		fmt.Fprintf(&b, "\nThe failed workers could not be read: %v\n", err)
	}
	sort.Slice(workers, func(i, j int) bool { return *workers[i].ID < *workers[j].ID })
	for _, w := range workers {
		fmt.Fprintf(&b, "\n- %s: %s", describeWorker(w), causes.of(w))
	}
	b.WriteString("\n\nThe job stays in state, marked tainted: CAS cannot run a finished job again, so the next apply runs a " +
		"new job. Fix the cause first; the resources that succeeded carry the new certificate already.")
	return diag.NewErrorDiagnostic(fmt.Sprintf("Deployment job %d failed", jobID), b.String())
}

// describeWorker names a worker's resource as the console shows it: product,
// domain or instance and listener, region, and the IDs.
func describeWorker(w cas.Worker) string {
	where := deref(w.ResourceDomain)
	if where == "" {
		where = strings.TrimSpace(deref(w.InstanceID) + " " + deref(w.ListenerID))
	}
	return fmt.Sprintf("%s %s (%s; resource %d, certificate %d, worker %d)", deref(w.CloudProduct), orNoDomain(where),
		deref(w.RegionID), derefInt(w.ResourceID), derefInt(w.CertID), derefInt(w.ID))
}

func orNoDomain(s string) string {
	if s == "" {
		return "(no domain)"
	}
	return s
}

func deref(v *cas.String) string {
	if v == nil {
		return ""
	}
	return string(*v)
}

func derefInt(v *cas.Int64) int64 {
	if v == nil {
		return 0
	}
	return int64(*v)
}

// jobFailureCauses is what the API shows about why workers fail: whether
// each resource has HTTPS enabled, and each certificate's names and end.
type jobFailureCauses struct {
	httpsOff map[int64]bool
	certs    map[int64]cas.DeploymentJobCert
	ended    time.Time
}

func (r *deploymentJobResource) failureCauses(ctx context.Context, jobID int64) (jobFailureCauses, error) {
	c := jobFailureCauses{httpsOff: map[int64]bool{}, certs: map[int64]cas.DeploymentJobCert{}, ended: time.Now()}
	resources, err := r.client.ListDeploymentJobResource(ctx, jobID)
	if err != nil {
		return c, err
	}
	for _, res := range resources.Resources {
		if res.ID != nil && res.EnableHTTPS != nil && !bool(*res.EnableHTTPS) {
			c.httpsOff[int64(*res.ID)] = true
		}
	}
	certs, err := r.client.ListDeploymentJobCert(ctx, jobID)
	if err != nil {
		return c, err
	}
	for _, cert := range certs.Certs {
		if cert.CertID != nil {
			c.certs[int64(*cert.CertID)] = cert
		}
	}
	return c, nil
}

func (c jobFailureCauses) of(w cas.Worker) string {
	if c.httpsOff[derefInt(w.ResourceID)] {
		return fmt.Sprintf("HTTPS is disabled on this resource. A deployment job only replaces the certificate of an HTTPS "+
			"configuration that exists: enable HTTPS in the %s console first.", deref(w.CloudProduct))
	}
	cert, ok := c.certs[derefInt(w.CertID)]
	if ok && cert.NotAfterTime != nil && cas.Instant(int64(*cert.NotAfterTime)).Before(c.ended) {
		return fmt.Sprintf("the certificate expired on %s; deploy a renewed one.", cas.Instant(int64(*cert.NotAfterTime)).Format(time.RFC3339))
	}
	if domain := deref(w.ResourceDomain); ok && domain != "" && !certificateCovers(cert, domain) {
		return fmt.Sprintf("the certificate's names do not cover %s; deploy one that does.", domain)
	}
	return "the API gives no reason (no worker field carries one): see the job in the CAS console, and check that the " +
		"certificate is valid and not revoked."
}

// certificateCovers reports whether a certificate's common name or a SAN
// matches host as TLS clients match them.
func certificateCovers(cert cas.DeploymentJobCert, host string) bool {
	names := []string{deref(cert.CommonName)}
	for _, s := range cert.Sans {
		names = append(names, string(s))
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, name := range names {
		name = strings.ToLower(name)
		if name == host {
			return true
		}
		if rest, ok := strings.CutPrefix(name, "*."); ok {
			if _, parent, found := strings.Cut(host, "."); found && parent == rest {
				return true
			}
		}
	}
	return false
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
	workers, err := listWorkers(ctx, r.client, m.JobID.ValueInt64(), cas.WorkerFilter{})
	if err != nil {
		return diags
	}
	covered := map[int64]bool{}
	for _, w := range workers {
		covered[derefInt(w.ResourceID)] = true
	}
	var missing []string
	for _, id := range resourceIDs {
		if !covered[id] {
			missing = append(missing, strconv.FormatInt(id, 10))
		}
	}
	if len(missing) > 0 {
		diags.AddAttributeWarning(path.Root("resource_ids"), "Nothing deployed to some resources",
			fmt.Sprintf("Deployment job %d has no worker for resources %s: none of certificate_ids covers their domain, so CAS "+
				"deploys nothing there. Check the certificates' names against the resources' domains (data \"alicas_cloud_resources\").",
				m.JobID.ValueInt64(), strings.Join(missing, ", ")))
	}
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
	res, err := r.client.DescribeDeploymentJob(ctx, jobID)
	var notFound *cas.NotFoundError
	switch {
	case errors.As(err, &notFound):
		tflog.Warn(ctx, fmt.Sprintf("deployment job %d is gone; removing it from state", jobID), map[string]any{"job_id": jobID})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", jobID), err))
		return
	}
	if jobStatus(&res.Job.DeploymentJob) == statusDeleted {
		tflog.Warn(ctx, fmt.Sprintf("deployment job %d was deleted outside Terraform; removing it from state", jobID), map[string]any{"job_id": jobID})
		resp.State.RemoveResource(ctx)
		return
	}
	if m.Name.IsNull() {
		resp.Diagnostics.Append(r.rebuildArguments(ctx, &m, &res.Job)...)
	}
	if err := m.observe(ctx, r.client, &res.Job); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", jobID), err))
		return
	}
	values, diags := m.values(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setState(&resp.State, values)...)
}

// rebuildArguments fills an imported job's arguments from CAS, so that a
// plan with the matching configuration shows no changes.
func (r *deploymentJobResource) rebuildArguments(ctx context.Context, m *deploymentJobModel, job *cas.DeploymentJobDetail) diag.Diagnostics {
	var diags diag.Diagnostics
	jobID := m.JobID.ValueInt64()
	fail := func(err error) diag.Diagnostics {
		diags.Append(apiErrorDiagnostic(fmt.Sprintf("Could not import deployment job %d", jobID), err))
		return diags
	}
	m.Name, m.JobType = casString(job.Name), casString(job.JobType)
	status := jobStatus(&job.DeploymentJob)
	m.Start, m.WaitForCompletion, m.RollbackOnDestroy = types.BoolValue(status != statusEditing), types.BoolValue(true), types.BoolValue(false)
	m.Triggers, m.ScheduleTime = types.MapNull(types.StringType), types.StringNull()
	if job.ScheduleTime != nil && *job.ScheduleTime > 0 {
		m.ScheduleTime = types.StringValue(cas.Instant(int64(*job.ScheduleTime)).Format(time.RFC3339))
	}
	var contactIDs []int64
	for _, c := range job.Contacts {
		if id, err := strconv.ParseInt(deref(c.ID), 10, 64); err == nil {
			contactIDs = append(contactIDs, id)
		}
	}
	certs, err := r.client.ListDeploymentJobCert(ctx, jobID)
	if err != nil {
		return fail(err)
	}
	var certIDs []int64
	for _, c := range certs.Certs {
		if c.CertID != nil {
			certIDs = append(certIDs, int64(*c.CertID))
		}
	}
	resources, err := r.client.ListDeploymentJobResource(ctx, jobID)
	if err != nil {
		return fail(err)
	}
	var resourceIDs []int64
	for _, res := range resources.Resources {
		if res.ID != nil {
			resourceIDs = append(resourceIDs, int64(*res.ID))
		}
	}
	if len(resourceIDs) == 0 { // CAS can empty a finished job's list: its workers still say
		workers, err := listWorkers(ctx, r.client, jobID, cas.WorkerFilter{})
		if err != nil {
			return fail(err)
		}
		for _, w := range workers {
			if w.ResourceID != nil && !slices.Contains(resourceIDs, int64(*w.ResourceID)) {
				resourceIDs = append(resourceIDs, int64(*w.ResourceID))
			}
		}
	}
	m.CertificateIDs, m.ResourceIDs, m.ContactIDs = int64Set(certIDs), int64Set(resourceIDs), int64Set(contactIDs)
	return diags
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
	// ModifyPlan replaced every job but a draft whose deployment changes;
	// any other update changes settings only.
	if !state.Start.ValueBool() && state.Status.ValueString() == statusEditing && len(changed) > 0 {
		limit, diags := plan.Timeouts.Update(ctx, defaultJobCreateTimeout)
		resp.Diagnostics.Append(diags...)
		spec, diags := plan.spec(ctx)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		waitCtx, cancel := pollJobs.clock.WithTimeout(ctx, limit)
		defer cancel()
		update := cas.UpdateDeploymentJobRequest{JobID: plan.JobID.ValueInt64(), Name: &spec.Name,
			CertIDs: spec.CertIDs, ResourceIDs: spec.ResourceIDs, ContactIDs: spec.ContactIDs}
		if !spec.ScheduleTime.IsZero() {
			update.ScheduleTime = &spec.ScheduleTime
		}
		if err := r.client.UpdateDeploymentJob(waitCtx, update); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not update deployment job %d", plan.JobID.ValueInt64()), err))
			return
		}
		resp.Diagnostics.Append(r.run(ctx, waitCtx, &plan, limit, "update")...)
	}
	values, diags := plan.values(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setState(&resp.State, values)...)
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
	waitCtx, cancel := pollJobs.clock.WithTimeout(ctx, limit)
	defer cancel()
	jobID := state.JobID.ValueInt64()
	res, err := r.client.DescribeDeploymentJob(waitCtx, jobID)
	var notFound *cas.NotFoundError
	switch {
	case errors.As(err, &notFound):
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", jobID), err))
		return
	}
	status := jobStatus(&res.Job.DeploymentJob)
	if status == statusDeleted {
		return
	}
	if status == statusPending || status == statusScheduling {
		// A job not yet running goes back to editing, where it stays.
		err := r.client.UpdateDeploymentJobStatus(waitCtx, jobID, statusEditing)
		if err == nil {
			status = statusEditing
		} else if !cas.JobProcessing(err) {
			resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not stop deployment job %d before deleting it", jobID), err))
			return
		}
	}
	if status != statusEditing {
		wait, err := waitForJob(waitCtx, r.client, jobID, status, func(s string) bool { return finished(s) || s == statusEditing })
		if err != nil {
			resp.Diagnostics.Append(notDeletedDiagnostic(ctx, waitCtx, err, jobID, wait.status, limit))
			return
		}
		status = wait.status
	}
	if state.RollbackOnDestroy.ValueBool() && finished(status) {
		if err := r.rollBack(waitCtx, jobID); err != nil {
			if waitCtx.Err() != nil {
				resp.Diagnostics.Append(notDeletedDiagnostic(ctx, waitCtx, err, jobID, "rolling back", limit))
			} else {
				resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not roll back deployment job %d", jobID), err))
			}
			return
		}
	}
	err = r.client.DeleteDeploymentJob(waitCtx, jobID)
	if err != nil && cas.Classify(err).Kind != cas.KindNotFound && !r.lookedAgain(waitCtx, jobID, err, func(s string) bool { return s == statusDeleted }) {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not delete deployment job %d", jobID), err))
	}
}

// rollBack rolls back every successful worker of a finished job and waits
// until none is still rolling back. A rollback that fails (the resource
// changed since) is an error naming it.
func (r *deploymentJobResource) rollBack(ctx context.Context, jobID int64) error {
	workers, err := listWorkers(ctx, r.client, jobID, cas.WorkerFilter{Status: statusSuccess})
	if err != nil {
		return err
	}
	for _, w := range workers {
		if err := r.client.UpdateWorkerResourceStatus(ctx, jobID, int64(*w.ID), cas.WorkerStatusRollback); err != nil {
			return err
		}
		tflog.Info(ctx, fmt.Sprintf("rolling back worker %d of deployment job %d", *w.ID, jobID),
			map[string]any{"job_id": jobID, "worker_id": int64(*w.ID)})
	}
	if len(workers) == 0 {
		return nil
	}
	var failed []string
	_, err = poll(ctx, func(ctx context.Context) (bool, error) {
		all, err := listWorkers(ctx, r.client, jobID, cas.WorkerFilter{})
		if err != nil {
			return false, err
		}
		failed = nil
		for _, w := range all {
			switch deref(w.Status) {
			case "rollback":
				return false, nil
			case "rollback_error":
				failed = append(failed, describeWorker(w))
			}
		}
		return true, nil
	})
	if err == nil && len(failed) > 0 {
		err = fmt.Errorf("rollback failed for %s: another deployment changed these resources since", strings.Join(failed, "; "))
	}
	return err
}

// lookedAgain reports, for a write whose answer was lost (err is the
// client's outcome unknown), whether the job now shows it was carried out.
func (r *deploymentJobResource) lookedAgain(ctx context.Context, jobID int64, err error, done func(status string) bool) bool {
	var unknown *cas.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		return false
	}
	res, err := r.client.DescribeDeploymentJob(ctx, jobID)
	return err == nil && done(jobStatus(&res.Job.DeploymentJob))
}

// listWorkers is every worker of the job that filter selects.
func listWorkers(ctx context.Context, client *cas.Client, jobID int64, filter cas.WorkerFilter) ([]cas.Worker, error) {
	filter.JobID = jobID
	res, err := client.ListWorkerResource(ctx, filter)
	if err != nil {
		return nil, err
	}
	return res.Workers, nil
}

func (r *deploymentJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, err := strconv.ParseInt(req.ID, 10, 64); err != nil {
		resp.Diagnostics.AddError("Invalid deployment job ID",
			fmt.Sprintf("Import takes the job ID, a number such as 8888 (as data \"alicas_deployment_jobs\" lists it); got %q.", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
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
		t, err := time.Parse(time.RFC3339, m.ScheduleTime.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("schedule_time"), "Invalid schedule_time", err.Error())
		}
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

// rfc3339Validator accepts an RFC 3339 time such as 2027-01-01T02:00:00Z.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "an RFC 3339 time such as 2027-01-01T02:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time",
			fmt.Sprintf("%q is not an RFC 3339 time such as 2027-01-01T02:00:00Z: %v", req.ConfigValue.ValueString(), err))
	}
}
