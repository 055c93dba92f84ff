/** @odoo-module **/
// Started by cc_sales_office/tests/test_tours.py at 1024x768 (the showroom tablet).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cc_sales_office_reception_walkin_tour", {
    steps: () => [
        {
            content: "the desk shows today's salespeople",
            trigger: ".o_cc_reception_desk .o_kanban_record:contains(Tour Seller A)",
        },
        {
            content: "the big Walk-in button is visible on the tablet",
            trigger: "button:contains(Walk-in):visible",
            run: "click",
        },
        {
            content: "the visitor gives a name",
            trigger: ".modal .o_field_widget[name=visitor_name] input",
            run: "edit Tour Walker",
        },
        {
            content: "who receives?",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "the desk announces the receiver",
            trigger: ".o_notification:contains(receives Tour Walker)",
        },
        {
            content: "the receiver's card shows the visitor",
            trigger: ".o_cc_reception_desk .o_kanban_record:contains(Tour Seller A) .o_cc_with_visitor:contains(Tour Walker)",
        },
        { content: "no error dialog", trigger: "body:not(:has(.o_error_dialog))" },
    ],
});
