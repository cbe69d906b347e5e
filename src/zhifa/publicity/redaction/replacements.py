"""Every string that replaces masked text, kept in one place.

A fully hidden value becomes a bracketed notice naming what was hidden, so that a reader of
the published text can tell that something was removed and what it was. Names become the surname
plus "某某", the usual form of Chinese court and administrative publications.
"""

SURNAME_PLACEHOLDER = "某某"
STAR = "*"

# Replacements of the "full" method, by field.
HIDDEN = {
    "name": SURNAME_PLACEHOLDER,
    "legal_representative": SURNAME_PLACEHOLDER,
    "officer_name": SURNAME_PLACEHOLDER,
    "other_person": SURNAME_PLACEHOLDER,
    "id_number": "[身份证号已隐去]",
    "other_id_number": "[证件号码已隐去]",
    "phone": "[电话已隐去]",
    "email": "[电子邮箱已隐去]",
    "address": "[住址已隐去]",
    "bank_account": "[银行账号已隐去]",
    "plate": "[车牌号已隐去]",
    "uscc": "[统一社会信用代码已隐去]",
    "credential_number": "[执法证号已隐去]",
}
# Replacement of a string the approver added when its shape names no field.
HIDDEN_TEXT = "[已隐去]"
