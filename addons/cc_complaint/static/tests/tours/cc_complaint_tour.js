/** @odoo-module **/
// Started by cc_complaint/tests/test_tours.py, on the data it creates.
import { registry } from "@web/core/registry";

// 1x1 PNG: the photo the customer attaches on the portal
const PNG_BASE64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

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

// --- portal: the customer files a complaint with a photo
registry.category("web_tour.tours").add("cc_complaint_portal_submit_tour", {
    steps: () => [
        {
            content: "choose the order",
            trigger: "form select[name=order_id]",
            run: "selectByIndex 1",
        },
        {
            content: "show the products delivered on that order (the page reloads)",
            trigger: "form button[name=cc_reload]",
            async run(helpers) {
                // clicked only when the products shown are not those of the chosen
                // order: the next step then waits for the reloaded page
                const form = this.anchor.closest("form");
                const shownFor = form.querySelector("input[name=products_order_id]")?.value;
                const chosen = form.querySelector("select[name=order_id]").value;
                if (!(shownFor === chosen && form.querySelector("select[name=product_id]"))) {
                    await helpers.click();
                }
            },
        },
        {
            content: "a product of the order can be chosen",
            trigger: "form select[name=product_id]:has(option:contains(PCB 4-layer))",
            run() {
                const select = this.anchor;
                const option = [...select.options].find((o) => o.text.includes("PCB 4-layer"));
                select.value = option.value;
                select.dispatchEvent(new Event("input", { bubbles: true }));
                select.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "defective quantity",
            trigger: "form input[name=quantity]",
            run: "edit 3",
        },
        {
            content: "describe the problem",
            trigger: "form textarea[name=description]",
            run: "edit Tour: boards bent in transport",
        },
        {
            content: "ask for an exchange",
            trigger: "form select[name=requested_action]",
            run: "select exchange",
        },
        {
            content: "attach a photo",
            trigger: "form input[type=file][name=attachments]",
            run() {
                const bytes = Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "tour_photo.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "submit the complaint",
            trigger: "form button[type=submit]:not([name=cc_reload]):contains(Submit)",
            run: "click",
        },
        {
            content: "thank-you message",
            trigger: ".alert-success:contains(Thank you)",
        },
        {
            content: "the new complaint shows its text",
            trigger: ".o_cc_claim_portal:contains(Tour: boards bent in transport)",
        },
        {
            content: "no error message",
            trigger: "body:not(:has(.alert-danger))",
        },
    ],
});

// --- portal: the customer accepts the proposed resolution
registry.category("web_tour.tours").add("cc_complaint_portal_accept_tour", {
    steps: () => [
        {
            content: "the resolution is shown",
            trigger: ".o_cc_claim_portal:contains(price allowance of 120)",
        },
        {
            content: "the customer's name is filled in",
            trigger: "form input[name=name]:value(Buyer Li)",
        },
        {
            content: "accept the resolution",
            trigger: "form button[name=response][value=accept]",
            run: "click",
        },
        {
            content: "the answer is recorded",
            trigger: ".alert-success:contains(your answer is recorded)",
        },
        {
            content: "the answer form is gone",
            trigger: "body:not(:has(button[name=response]))",
        },
    ],
});
