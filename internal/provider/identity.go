package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later): each resource is identified
// by the one number CAS gives its object, which an import block may name
// instead of `id`. Older Terraform (and OpenTofu before identity) ignores it.

// numberIdentity is an identity of one whole number, attr, described by what.
type numberIdentity struct {
	attr, what string
	noImport   bool // what cannot be imported
}

func (n numberIdentity) schema(resp *resource.IdentitySchemaResponse) {
	description := fmt.Sprintf("The %s ID CAS gives (`%s`), e.g. in `import { identity = { %s = 12345 } }` (Terraform 1.12 and later).",
		n.what, n.attr, n.attr)
	if n.noImport {
		description = fmt.Sprintf("The %s ID CAS gives (`%s`) (Terraform 1.12 and later). It cannot be imported.", n.what, n.attr)
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		n.attr: identityschema.Int64Attribute{RequiredForImport: !n.noImport, OptionalForImport: n.noImport, Description: description},
	}}
}

// set records id as the resource's identity; a Terraform that knows no
// identity gives none to set.
func (n numberIdentity) set(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.Int64) diag.Diagnostics {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root(n.attr), id)
}

// importState takes the ID from `terraform import` or an import block's
// id, or the number from an import block's identity, into the state's id.
func (n numberIdentity) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, example string) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var v types.Int64
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root(n.attr), &v)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = strconv.FormatInt(v.ValueInt64(), 10)
	}
	if number, err := strconv.ParseInt(id, 10, 64); err != nil || number < 1 {
		resp.Diagnostics.AddError(fmt.Sprintf("Invalid %s ID", n.what),
			fmt.Sprintf("Import takes the %s ID, a whole number such as %s; got %q.", n.what, example, id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// remove drops the resource from state after Read found its object gone.
// The framework (v1.19) still wants an identity from such a Read, or it
// reports "Missing Resource Identity After Read": the one the object had.
func (n numberIdentity) remove(ctx context.Context, resp *resource.ReadResponse, id int64) {
	resp.Diagnostics.Append(n.set(ctx, resp.Identity, types.Int64Value(id))...)
	resp.State.RemoveResource(ctx)
}

// applicationIdentity identifies an application (and its validation) by
// the application's ID, `<instance_id>/<certificate ID>`. Neither can be
// imported: an application is an act, not a thing CAS lists.
var applicationIdentity = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
	"application_id": identityschema.StringAttribute{OptionalForImport: true,
		Description: "The application's ID, `<instance_id>/<certificate ID before it>` (Terraform 1.12 and later). It cannot be imported."},
}}

// setApplicationIdentity records id as the identity, where Terraform knows identities.
func setApplicationIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root("application_id"), id)
}
