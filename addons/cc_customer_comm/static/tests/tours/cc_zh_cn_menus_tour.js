/** @odoo-module **/
// Started by tests/test_zh_cn_tour.py (suite-wide: the Customer Service app's menus come
// from every cc module), as an admin whose language is zh_CN with the suite's translations
// loaded. Opens the app and every dropdown of its navbar, and fails when a menu text still
// holds a Latin letter. No menu of the suite has a product name kept in Latin letters
// (checked in addons/*/i18n/zh_CN.po), so nothing is allowed.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const ROOT = "cc_customer_comm.menu_cc_root";
const LATIN = /[A-Za-z]/;
const ALLOWED = [];

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function waitFor(predicate, what) {
    for (let i = 0; i < 100; i++) {
        const result = predicate();
        if (result) {
            return result;
        }
        await nextFrame();
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`cc_zh_cn_menus_tour: timed out waiting for ${what}`);
}

const openMenus = () => document.querySelectorAll(".o-dropdown--menu");

function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
}

registry.category("web_tour.tours").add("cc_zh_cn_menus_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps(ROOT, "open the Customer Service app"),
        {
            content: "the app's navbar is shown",
            trigger: `.o_main_navbar .o_menu_brand[data-menu-xmlid="${ROOT}"]`,
        },
        {
            content: "the app's sections are shown",
            trigger: ".o_menu_sections [data-menu-xmlid]",
        },
        {
            content: "every menu of the app (navbar and dropdowns) is in Chinese",
            trigger: ".o_menu_sections",
            async run() {
                const texts = [];
                const brand = document.querySelector(".o_main_navbar .o_menu_brand");
                texts.push(["app", text(brand)]);
                for (const entry of document.querySelectorAll(
                    ".o_menu_sections .o_nav_entry, .o_menu_sections button[data-menu-xmlid]"
                )) {
                    texts.push([entry.dataset.menuXmlid || "navbar", text(entry)]);
                }
                // open each dropdown in turn: the sections' and the "more" one (its
                // toggle is an icon, its title is Odoo's, not the suite's)
                const toggles = [...document.querySelectorAll(".o_menu_sections button")];
                if (!toggles.length) {
                    throw new Error("cc_zh_cn_menus_tour: the app has no dropdown menu");
                }
                for (const toggle of toggles) {
                    if (openMenus().length) {
                        document.body.click();
                        await waitFor(() => !openMenus().length, "the dropdowns to close");
                    }
                    toggle.click();
                    const menu = await waitFor(
                        () =>
                            [...openMenus()].find((m) =>
                                m.querySelector(".dropdown-item, .dropdown-header")
                            ),
                        `the dropdown of ${text(toggle) || toggle.title}`
                    );
                    for (const item of menu.querySelectorAll(
                        ".dropdown-item, .dropdown-header"
                    )) {
                        texts.push([item.dataset.menuXmlid || "header", text(item)]);
                    }
                    toggle.click();
                    await waitFor(() => !openMenus().length, "the dropdown to close");
                }
                const english = texts.filter(
                    ([, label]) =>
                        !label || LATIN.test(ALLOWED.reduce((s, a) => s.replaceAll(a, ""), label))
                );
                console.log(
                    `cc_zh_cn_menus_tour: ${texts.length} menu texts checked: ` +
                        texts.map(([, label]) => label).join(" | ")
                );
                if (english.length) {
                    throw new Error(
                        "menus still in English: " +
                            english.map(([xmlid, label]) => `${xmlid}: "${label}"`).join("; ")
                    );
                }
            },
        },
    ],
});
