package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// configure runs the provider's Configure with keys and endpoints.cas set,
// everything else null. It makes no network call.
func configure(t *testing.T, endpoint string) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	typ, ok := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: providerConfigValue(t, typ, endpoint, nil)}}, &resp)
	return resp.Diagnostics
}

// providerConfigValue is a provider configuration of type typ: the
// emulator's keys, endpoints.cas, the attributes in set, everything else null.
func providerConfigValue(tb testing.TB, typ tftypes.Object, endpoint string, set map[string]tftypes.Value) tftypes.Value {
	tb.Helper()
	endpointsType, ok := typ.AttributeTypes["endpoints"].(tftypes.Object)
	if !ok {
		tb.Fatal("endpoints is not an object")
	}
	values := map[string]tftypes.Value{
		"access_key": tftypes.NewValue(tftypes.String, emulator.DefaultAccessKeyID),
		"secret_key": tftypes.NewValue(tftypes.String, emulator.DefaultAccessKeySecret),
		"endpoints":  nullsBut(endpointsType, map[string]tftypes.Value{"cas": tftypes.NewValue(tftypes.String, endpoint)}),
	}
	for name, v := range set {
		values[name] = v
	}
	return nullsBut(typ, values)
}

// nullsBut is an object of type typ whose attributes are null but those in set.
func nullsBut(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	values := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		values[name] = v
	}
	return tftypes.NewValue(typ, values)
}

// Plain HTTP is used only when asked for, and a user asking for it across a
// network is warned, at endpoints.cas.
func TestConfigure_plainHTTPWarning(t *testing.T) {
	clearCredentialEnv(t)
	for endpoint, warn := range map[string]bool{
		"http://192.0.2.10:8080":   true,
		"http://cas.example.com":   true,
		"http://127.0.0.1:8735":    false,
		"http://localhost:8735":    false,
		"http://[::1]:8735":        false,
		"https://192.0.2.10:8443":  false,
		"cas.aliyuncs.com":         false,
		"https://cas.aliyuncs.com": false,
	} {
		diags := configure(t, endpoint)
		if diags.HasError() {
			t.Fatalf("%s: %v", endpoint, diags)
		}
		warnings := diags.Warnings()
		if !warn {
			if len(warnings) != 0 {
				t.Errorf("%s: unexpected warnings %v", endpoint, warnings)
			}
			continue
		}
		if len(warnings) != 1 {
			t.Fatalf("%s: want one warning, got %v", endpoint, warnings)
		}
		w, ok := warnings[0].(diag.DiagnosticWithPath)
		if !ok || !w.Path().Equal(path.Root("endpoints").AtName("cas")) {
			t.Errorf("%s: the warning is not attached to endpoints.cas: %v", endpoint, warnings[0])
		}
		if d := warnings[0].Detail(); !strings.Contains(d, "unencrypted") || !strings.Contains(d, "Use https://") {
			t.Errorf("%s: warning detail %q", endpoint, d)
		}
	}
}
