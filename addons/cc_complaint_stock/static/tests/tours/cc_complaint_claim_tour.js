/** @odoo-module **/
// Started by cc_complaint_stock/tests/test_tours.py, on the data it creates.
import { registry } from "@web/core/registry";

function noErrorDialog(content) {
    return { content: `${content}: no error dialog`, trigger: "body:not(:has(.o_error_dialog))" };
}

function currentState(label) {
    return {
        content: `the claim is in ${label}`,
        trigger: `.o_statusbar_status .o_arrow_button_current:contains(${label})`,
    };
}

// --- back office: claim from the form through registration and investigation
registry.category("web_tour.tours").add("cc_complaint_claim_form_tour", {
    steps: () => [
        { content: "claim form", trigger: ".o_form_view .o_field_widget[name=channel]" },
        {
            content: "type the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Shenzhen Customer",
        },
        {
            content: "choose the customer",
            trigger:
                ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Shenzhen Customer)",
            run: "click",
        },
        {
            content: "the claim came by e-mail",
            trigger: ".o_field_widget[name=channel] select",
            run: 'select "email"',
        },
        {
            content: "type the sales order",
            trigger: ".o_field_widget[name=sale_order_id] input",
            run: "edit TOUR-SO-1",
        },
        {
            content: "choose the sales order (its delivery and invoice follow)",
            trigger:
                ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(TOUR-SO-1)",
            run: "click",
        },
        {
            content: "the delivery is filled in",
            trigger: ".o_field_widget[name=picking_id] input:not(:value(''))",
        },
        {
            content: "add a claim line",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "type the product",
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=product_id] input",
            run: "edit PCB 4-layer",
        },
        {
            content: "choose the product",
            trigger:
                ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(PCB 4-layer)",
            run: "click",
        },
        {
            content: "defective quantity",
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=defect_qty] input",
            run: "edit 10",
        },
        { content: "save the claim", trigger: ".o_form_button_save:enabled", run: "click" },
        { content: "claim saved", trigger: ".o_form_view .o_form_saved" },
        noErrorDialog("save"),
        currentState("Draft"),
        {
            content: "GM office registers the claim",
            trigger: ".o_statusbar_buttons button[name=action_register]",
            run: "click",
        },
        currentState("Registered"),
        noErrorDialog("register"),
        {
            content: "GM office sends it to QA",
            trigger: ".o_statusbar_buttons button[name=action_start_investigation]",
            run: "click",
        },
        currentState("Investigation"),
        noErrorDialog("investigation"),
    ],
});

// --- back office: the salesperson submits the proposal, the approval banner shows
registry.category("web_tour.tours").add("cc_complaint_submit_approval_tour", {
    steps: () => [
        currentState("Proposal"),
        {
            content: "submit the proposal for approval",
            trigger: ".o_statusbar_buttons button[name=action_submit_approval]",
            run: "click",
        },
        currentState("Approval"),
        {
            content: "the approval banner shows",
            trigger: ".o_form_view .alert-warning:contains(This claim waits for approval):visible",
        },
        noErrorDialog("submit for approval"),
    ],
});
