package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Converters from the API client's decoded fields to Terraform values: an
// absent field (nil) is null. State is built from Terraform values directly,
// never through framework values and State.Set: that turns a list into
// Terraform values, back into framework values and into Terraform values
// again, at about 50 µs per certificate against 5 µs built directly
// (BenchmarkConvertCertificates).

func int64Value(v *cas.Int64) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, int64(*v))
}

func stringValue(v *cas.String) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, string(*v))
}

func boolValue(v *cas.Bool) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, bool(*v))
}

// rfc3339Value renders a CAS timestamp (ms or s) as RFC 3339 UTC, with
// milliseconds when they are not zero.
func rfc3339Value(v *cas.Int64) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, cas.Instant(int64(*v)).Format(time.RFC3339Nano))
}

// idValue is an ID as a string, for lists that feed for_each.
func idValue(v *cas.Int64) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, strconv.FormatInt(int64(*v), 10))
}

// listValue is a list of elem's values; nil is null, empty is [].
func listValue[E any](elem tftypes.Type, vs []E, value func(*E) tftypes.Value) tftypes.Value {
	typ := tftypes.List{ElementType: elem}
	if vs == nil {
		return tftypes.NewValue(typ, nil)
	}
	elems := make([]tftypes.Value, len(vs))
	for i := range vs {
		elems[i] = value(&vs[i])
	}
	return tftypes.NewValue(typ, elems)
}

func stringsValue(vs []cas.String) tftypes.Value {
	return listValue(tftypes.String, vs, func(v *cas.String) tftypes.Value { return stringValue(v) })
}

func int64sValue(vs []cas.Int64) tftypes.Value {
	return listValue(tftypes.Number, vs, func(v *cas.Int64) tftypes.Value { return int64Value(v) })
}

// setState is how every data source and resource writes its state: values
// fill in the attributes they name over what the state holds. The
// framework starts a data source's state as the configuration (arguments
// and timeouts as given), a Read's as the prior state, and Create's and
// Update's as none: their values name every attribute, or the resource
// first starts the state as its plan. A resource's typed attributes become
// values through modelValues.
func setState(state *tfsdk.State, values map[string]tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	attrs := map[string]tftypes.Value{}
	if err := state.Raw.As(&attrs); err != nil { // null (Create, Update) is none yet
		diags.AddError("Could not write the state", fmt.Sprintf("The state holds no attributes to set (%v). "+
			"This is a bug in the provider; please report it.", err))
		return diags
	}
	for name, v := range values {
		attrs[name] = v
	}
	if err := tftypes.ValidateValue(state.Raw.Type(), attrs); err != nil {
		diags.AddError("Could not write the state", err.Error()+". This is a bug in the provider; please report it.")
		return diags
	}
	state.Raw = tftypes.NewValue(state.Raw.Type(), attrs)
	return diags
}

// oddItem is an API item that keeps the values it could not read (cas.OddValues).
type oddItem[T any] interface {
	*T
	Odd() []cas.OddValue
}

// maxOddLines bounds the warning for an answer full of odd values.
const maxOddLines = 20

// warnOddValues adds one warning for all the values of items the API layer
// could not read as what their field means: each names the item (name),
// the field and the value as sent. Those attributes are null in state.
func warnOddValues[T any, P oddItem[T]](diags *diag.Diagnostics, action string, items []T, name func(int, *T) string) {
	var lines []string
	count := 0
	for i := range items {
		for _, odd := range P(&items[i]).Odd() {
			if count++; count <= maxOddLines {
				lines = append(lines, fmt.Sprintf("- %s: %s = %s", name(i, &items[i]), odd.Field, odd.Raw))
			}
		}
	}
	if count == 0 {
		return
	}
	if count > maxOddLines {
		lines = append(lines, fmt.Sprintf("- and %d more", count-maxOddLines))
	}
	diags.AddWarning("Some values from CAS could not be read",
		fmt.Sprintf("%s sent %d value(s) that cannot be read as what their field means. Each of these is null in state; "+
			"every other value is as sent:\n%s", action, count, strings.Join(lines, "\n")))
}

// itemName names an item by its place in a list and, when it has one, its
// ID: a number, or a text ID such as an instance's.
func itemName[ID cas.Int64 | cas.String](list string, index int, idField string, id *ID) string {
	name := fmt.Sprintf("%s[%d]", list, index)
	if id != nil {
		name += fmt.Sprintf(" (%s %v)", idField, *id)
	}
	return name
}

// oneOfText is values as a description lists them: "`a`, `b` or `c`".
func oneOfText[S ~string](values []S) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + string(v) + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
