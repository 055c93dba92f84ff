/** @odoo-module **/
// Started by cc_complaint_portal/tests/test_tours.py, on the data it creates.
import { registry } from "@web/core/registry";

// 1x1 PNG: the photo the customer attaches on the portal
const PNG_BASE64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

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
