"""Translations: every string of every module in Chinese, templates in step.

* each shipped ``zh_CN.po`` translates every msgid, with no fuzzy entry;
* each ``<module>.pot`` holds exactly the strings the installed module exports
  (refresh with ``./setup/i18n``, then ``msgmerge`` the ``zh_CN.po``);
* English source strings (code, fields, selections) carry no Chinese: the
  Chinese belongs in ``zh_CN.po``;
* with zh_CN loaded, no menu of the suite shows English.
"""

import io
import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

ADDONS = Path(__file__).resolve().parent.parent / "addons"
CJK = re.compile(r"[\u3400-\u9fff]")
SOURCE_KINDS = (
    "code:",
    "model:ir.model.fields,field_description:",
    "model:ir.model.fields.selection,name:",
    "model:ir.model.fields,help:",
)


def _modules():
    return sorted(
        path.parent.name
        for path in ADDONS.glob("*/__manifest__.py")
        if path.parent.name.startswith("cc_")
    )


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_complete(self):
        problems = []
        for module in _modules():
            po_path = ADDONS / module / "i18n" / "zh_CN.po"
            if not po_path.exists():
                problems.append(f"{module}: no i18n/zh_CN.po")
                continue
            po = polib.pofile(str(po_path))
            # a msgid without a letter (a signature line) has nothing to translate
            untranslated = [
                e.msgid
                for e in po.untranslated_entries()
                if re.search(r"[^\W\d_]", e.msgid)
            ]
            fuzzy = [e.msgid for e in po.fuzzy_entries()]
            if untranslated:
                problems.append(
                    f"{module}: {len(untranslated)} untranslated, e.g. "
                    + "; ".join(repr(m[:60]) for m in untranslated[:5])
                )
            if fuzzy:
                problems.append(
                    f"{module}: {len(fuzzy)} fuzzy, e.g. "
                    + "; ".join(repr(m[:60]) for m in fuzzy[:5])
                )
            pot_ids = {
                e.msgid for e in polib.pofile(str(po_path.with_name(f"{module}.pot")))
            }
            extra = {e.msgid for e in po} - pot_ids
            missing = pot_ids - {e.msgid for e in po}
            if extra or missing:
                problems.append(
                    f"{module}: zh_CN.po and {module}.pot differ "
                    f"({len(missing)} missing, {len(extra)} obsolete): msgmerge it"
                )
        self.assertFalse(problems, "\n".join(problems))

    def test_templates_follow_the_code(self):
        problems = []
        for module in _modules():
            buffer = io.BytesIO()
            trans_export(None, [module], buffer, "po", self.env.cr)
            exported = {
                e.msgid for e in polib.pofile(buffer.getvalue().decode()) if e.msgid
            }
            pot = {
                e.msgid
                for e in polib.pofile(str(ADDONS / module / "i18n" / f"{module}.pot"))
            }
            missing, stale = exported - pot, pot - exported
            if missing or stale:
                problems.append(
                    f"{module}.pot is out of date ({len(missing)} new strings, "
                    f"{len(stale)} gone; run ./setup/i18n {module}), e.g. "
                    + "; ".join(repr(m[:60]) for m in sorted(missing | stale)[:5])
                )
        self.assertFalse(problems, "\n".join(problems))

    def test_no_chinese_in_english_sources(self):
        problems = []
        for module in _modules():
            pot = polib.pofile(str(ADDONS / module / "i18n" / f"{module}.pot"))
            for entry in pot:
                kinds = " ".join(f"{path}:" for path, _line in entry.occurrences)
                if CJK.search(entry.msgid) and any(k in kinds for k in SOURCE_KINDS):
                    problems.append(f"{module}: {entry.msgid[:70]!r}")
        self.assertFalse(problems, "\n".join(problems))

    def test_menus_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", _modules())]
        )._update_translations(["zh_CN"])
        menu_ids = (
            self.env["ir.model.data"]
            .search([("module", "in", _modules()), ("model", "=", "ir.ui.menu")])
            .mapped("res_id")
        )
        menus = self.env["ir.ui.menu"].with_context(lang="zh_CN").browse(menu_ids)
        english = [menu.name for menu in menus if not CJK.search(menu.name or "")]
        self.assertTrue(menus)
        self.assertFalse(english, f"menus still in English: {english}")
