from odoo.tests import tagged

from odoo.addons.cc_complaint.tests.common import CcClaimExecutionCommon


@tagged("post_install", "-at_install")
class CcClaimAccountingCommon(CcClaimExecutionCommon):
    """Claims in execution on the fixture's invoiced order, credited by the
    credit notes of this module."""
