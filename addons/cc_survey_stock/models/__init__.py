from . import cc_survey_campaign
