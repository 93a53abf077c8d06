package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
	return types.StringValue(rfc3339(*v))
}

// rfc3339 writes a CAS timestamp (ms or s) as RFC 3339 UTC, with
// milliseconds when they are not zero.
func rfc3339(raw cas.Int64) string {
	return cas.Instant(int64(raw)).Format(time.RFC3339Nano)
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

// Large lists (thousands of certificates) are built as Terraform values
// directly, not as framework values set through the model: State.Set turns
// a list into Terraform values, back into framework values and into
// Terraform values again, at about 50 µs per certificate against 5 µs
// built directly (BenchmarkConvertCertificates). Absent fields are null
// here too.

func terraformInt64(v *cas.Int64) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, int64(*v))
}

func terraformString(v *cas.String) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, string(*v))
}

func terraformBool(v *cas.Bool) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, bool(*v))
}

// terraformRFC3339 is rfc3339Value as a Terraform value.
func terraformRFC3339(v *cas.Int64) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, rfc3339(*v))
}

var terraformStringList = tftypes.List{ElementType: tftypes.String}

// terraformStrings is a list of strings; nil is null, empty is [].
func terraformStrings(vs []cas.String) tftypes.Value {
	if vs == nil {
		return tftypes.NewValue(terraformStringList, nil)
	}
	elems := make([]tftypes.Value, len(vs))
	for i, v := range vs {
		elems[i] = tftypes.NewValue(tftypes.String, string(v))
	}
	return tftypes.NewValue(terraformStringList, elems)
}

// terraformObjectType is the Terraform type of an object type.
func terraformObjectType(t types.ObjectType) tftypes.Object {
	attrs := make(map[string]tftypes.Type, len(t.AttrTypes))
	for name, at := range t.AttrTypes {
		attrs[name] = at.TerraformType(context.Background())
	}
	return tftypes.Object{AttributeTypes: attrs}
}

// setTerraformAttribute sets the top-level attribute name of state, whose
// other attributes are already set (a data source's state starts as its
// configuration), to v.
func setTerraformAttribute(state *tfsdk.State, name string, v tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	attrs := map[string]tftypes.Value{}
	if err := state.Raw.As(&attrs); err != nil || len(attrs) == 0 {
		diags.AddError("Could not set "+name, fmt.Sprintf("The state holds no attributes to add it to (%v). "+
			"This is a bug in the provider; please report it.", err))
		return diags
	}
	attrs[name] = v
	if err := tftypes.ValidateValue(state.Raw.Type(), attrs); err != nil {
		diags.AddError("Could not set "+name, err.Error()+". This is a bug in the provider; please report it.")
		return diags
	}
	state.Raw = tftypes.NewValue(state.Raw.Type(), attrs)
	return diags
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
