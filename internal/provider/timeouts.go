package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// readTimeout gives a data source `timeouts { read = "..." }`: embed it in
// the model, put timeoutsBlock(ctx) in the schema's Blocks under
// "timeouts", and start Read with beginRead.
type readTimeout struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func timeoutsBlock(ctx context.Context) schema.Block {
	block := timeouts.BlockWithOpts(ctx, timeouts.Opts{
		ReadDescription: fmt.Sprintf("How long the whole read may take, retries and waits for the rate limit included, "+
			"as a duration such as `30s`, `5m` or `1h` (default `%s`). Raise it when many data sources share a low "+
			"`max_requests_per_second`, or when Alibaba Cloud throttles for long.", defaultReadTimeoutText),
	})
	if b, ok := block.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "Time limits for this data source."
		if read, ok := b.Attributes["read"].(schema.StringAttribute); ok {
			read.Validators = []validator.String{timeoutValidator{operation: "read", def: defaultReadTimeoutText}}
			b.Attributes["read"] = read
		}
		return b
	}
	return block
}

// resourceTimeoutsBlock is a resource's `timeouts` block: each operation
// in defaults gets its description (what it bounds, in lower case, from
// descriptions) and the checks timeouts.read has.
func resourceTimeoutsBlock(ctx context.Context, description string, defaults map[string]time.Duration, descriptions map[string]string) rschema.Block {
	_, create := defaults["create"]
	_, update := defaults["update"]
	_, del := defaults["delete"]
	block := rtimeouts.Block(ctx, rtimeouts.Opts{Create: create, Update: update, Delete: del})
	b, ok := block.(rschema.SingleNestedBlock)
	if !ok {
		return block
	}
	b.MarkdownDescription = description
	for operation, def := range defaults {
		if a, ok := b.Attributes[operation].(rschema.StringAttribute); ok {
			a.Description = ""
			a.MarkdownDescription = fmt.Sprintf("A duration such as `30s`, `5m` or `1h` (default `%s`): %s.",
				durationText(def), descriptions[operation])
			a.Validators = []validator.String{timeoutValidator{operation: operation, def: durationText(def)}}
			b.Attributes[operation] = a
		}
	}
	return b
}

// durationText is d as users write it: 30m, not 30m0s.
func durationText(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// timeoutValidator checks timeouts.<operation> at validate time, naming
// it, with examples that work: the library's own check names no
// attribute, suggests "-1.5h" and lets a negative duration through.
type timeoutValidator struct {
	operation string // read, create, update, delete or rollback
	def       string // the default, as users write it
	attr      string // the attribute, when not timeouts.<operation>
}

func (timeoutValidator) Description(context.Context) string {
	return "value must be a positive duration such as 30s, 5m or 1h"
}

func (v timeoutValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v timeoutValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.operation+" timeout",
			fmt.Sprintf("%s is %q: give a positive duration, a number with a unit, such as \"30s\", \"5m\" or \"1h30m\" "+
				"(units: ms, s, m, h; for a day write \"24h\"), or leave it out for the default %s.", v.name(), req.ConfigValue.ValueString(), v.def))
	}
}

func (v timeoutValidator) name() string {
	if v.attr != "" {
		return v.attr
	}
	return "timeouts." + v.operation
}

// startRead is how a data source's Read starts: its configuration into
// model (which embeds readTimeout), then beginRead.
func (d *configuredDataSource) startRead(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
	model interface{ readLimit() readTimeout },
) (context.Context, context.CancelFunc, bool) {
	resp.Diagnostics.Append(req.Config.Get(ctx, model)...)
	if resp.Diagnostics.HasError() {
		return ctx, func() {}, false
	}
	return beginRead(ctx, model.readLimit(), d.client, &resp.Diagnostics)
}

func (t readTimeout) readLimit() readTimeout { return t }

// beginRead starts every Read: ctx bounded by the configured (or
// default) read timeout, on the client's clock. ok is false, with diagnostics added, when the read
// cannot go on: a timeout that is not positive, or no client.
func beginRead(ctx context.Context, t readTimeout, client *cas.Client, diags *diag.Diagnostics) (_ context.Context, _ context.CancelFunc, ok bool) {
	d, tdiags := t.Timeouts.Read(ctx, defaultReadTimeout)
	diags.Append(tdiags...)
	if !tdiags.HasError() && d <= 0 {
		diags.AddAttributeError(path.Root("timeouts").AtName("read"), "Invalid read timeout",
			fmt.Sprintf("timeouts.read is %s; give a positive duration such as \"5m\", or leave it out for the default %s.", d, defaultReadTimeoutText))
	}
	if client == nil && !diags.HasError() {
		diags.AddError("Provider not configured",
			"The alicas provider was not configured before this data source was read. This is a bug in the provider; please report it.")
	}
	if diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := client.Clock().WithTimeout(ctx, d)
	return ctx, cancel, true
}
