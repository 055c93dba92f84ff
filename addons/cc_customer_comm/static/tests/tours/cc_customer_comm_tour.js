/** @odoo-module **/
// Started by cc_customer_comm/tests/test_tours.py, on data it creates.
import { registry } from "@web/core/registry";

const CUSTOMER = "Tour Customer Ltd";

function noErrorDialog(content) {
    return { content: `${content}: no error dialog`, trigger: "body:not(:has(.o_error_dialog))" };
}

function pickCustomer() {
    return [
        {
            content: "type the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: `edit ${CUSTOMER}`,
        },
        {
            content: "choose the customer",
            trigger: `.o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(${CUSTOMER})`,
            run: "click",
        },
    ];
}

function save(content) {
    return [
        { content: `save the ${content}`, trigger: ".o_form_button_save:enabled", run: "click" },
        { content: `${content} saved`, trigger: ".o_form_view .o_form_saved" },
        noErrorDialog(content),
    ];
}

registry.category("web_tour.tours").add("cc_customer_comm_salesperson_tour", {
    steps: () => [
        // a communication (顾客信息处理单)
        { content: "communication form", trigger: ".o_form_view .o_field_widget[name=summary]" },
        ...pickCustomer(),
        {
            content: "what the customer asked",
            trigger: ".o_field_widget[name=summary] textarea",
            run: "edit Tour: asks for the price of SP-200",
        },
        ...save("communication"),
        // a visit report
        {
            content: "open a new visit report",
            trigger: "body",
            run: "goToUrl /odoo/action-cc_customer_comm.cc_visit_report_action/new",
        },
        { content: "visit report form", trigger: ".o_form_view .o_field_widget[name=visit_date]" },
        ...pickCustomer(),
        {
            content: "whom the salesperson met",
            trigger: ".o_field_widget[name=contact_name] input",
            run: "edit Mr. Tour",
        },
        {
            content: "customer opinion",
            trigger: ".o_field_widget[name=customer_opinion] textarea",
            run: "edit Tour: satisfied with delivery times",
        },
        ...save("visit report"),
    ],
});
