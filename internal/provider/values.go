package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Converters from the API client's decoded fields to Terraform values: an
// absent field (nil) is null.

func int64Value(v *cas.Int64) types.Int64 { return types.Int64PointerValue((*int64)(v)) }

func stringValue(v *cas.String) types.String { return types.StringPointerValue((*string)(v)) }

func boolValue(v *cas.Bool) types.Bool { return types.BoolPointerValue((*bool)(v)) }

// rfc3339Value renders a CAS timestamp (ms or s) as RFC 3339 UTC.
func rfc3339Value(v *cas.Int64) types.String {
	if v == nil {
		return types.StringNull()
	}
	return types.StringValue(cas.Instant(int64(*v)).Format(time.RFC3339Nano))
}

// int64ListValue is a list of numbers; nil is null, empty is [].
func int64ListValue(vs []cas.Int64) (types.List, diag.Diagnostics) {
	if vs == nil {
		return types.ListNull(types.Int64Type), nil
	}
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.Int64Value(int64(v))
	}
	return types.ListValue(types.Int64Type, elems)
}

// timeAttributes describes one CAS timestamp as a pair of attributes: raw
// (the number as the API sends it) and readable (RFC 3339, from the raw one).
// what says what the time is, e.g. "When the job was created (`GmtCreate`)".
func timeAttributes(raw, readable, what string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		raw: schema.Int64Attribute{Computed: true, MarkdownDescription: what + ", exactly as the API sends it: " +
			"a Unix timestamp in milliseconds in practice (sent as a string of digits; the API documentation says seconds). " +
			fmt.Sprintf("For a readable time use `%s`.", readable)},
		readable: schema.StringAttribute{Computed: true, MarkdownDescription: what + ", as an RFC 3339 UTC timestamp " +
			fmt.Sprintf("(e.g. `2026-12-14T02:29:59Z`, with milliseconds when non-zero), converted from `%s` ", raw) +
			"whether the API sent milliseconds or seconds. Compare it with `timecmp()` and `timeadd()`."},
	}
}
