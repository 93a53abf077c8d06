package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// defaultReadTimeout bounds a data source read when its timeouts block does
// not: rate-limit queueing, every attempt and every wait between them.
const defaultReadTimeout = 5 * time.Minute

// readTimeout gives a data source `timeouts { read = "..." }`. To add it:
// embed readTimeout in the model, put timeoutsBlock(ctx) in the schema's
// Blocks under "timeouts", and start Read with
//
//	ctx, cancel, diags := model.readTimeout.start(ctx)
//	defer cancel()
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
		return b
	}
	return block
}

// start returns ctx bounded by the configured (or default) read timeout.
func (t readTimeout) start(ctx context.Context) (context.Context, context.CancelFunc, diag.Diagnostics) {
	d, diags := t.Timeouts.Read(ctx, defaultReadTimeout)
	if !diags.HasError() && d <= 0 {
		diags.AddAttributeError(path.Root("timeouts").AtName("read"), "Invalid read timeout",
			fmt.Sprintf("timeouts.read is %s; give a positive duration such as \"5m\", or leave it out for the default %s.", d, defaultReadTimeoutText))
	}
	if diags.HasError() {
		return ctx, func() {}, diags
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, diags
}

// defaultReadTimeoutText is defaultReadTimeout as users write it: 5m, not 5m0s.
var defaultReadTimeoutText = func() string {
	s := defaultReadTimeout.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}()

// beginRead is how every Read starts: ctx bounded by the read timeout, and the
// API client. On failure it adds the diagnostics and returns a nil client.
func beginRead(ctx context.Context, t readTimeout, providerData any, diags *diag.Diagnostics) (context.Context, context.CancelFunc, *cas.Client) {
	ctx, cancel, d := t.start(ctx)
	diags.Append(d...)
	client, d := clientFrom(providerData)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, cancel, nil
	}
	return ctx, cancel, client
}
