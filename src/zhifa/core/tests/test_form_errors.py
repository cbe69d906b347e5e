from django import forms

from zhifa.core.form_errors import LabelledErrorsForm


class SampleForm(LabelledErrorsForm):
    full_name = forms.CharField(label="姓名", max_length=4)
    note = forms.CharField(label="备注", required=False)


def test_required_error_names_the_field():
    form = SampleForm(data={})

    assert not form.is_valid()
    assert form.errors["full_name"] == ["「姓名」这个字段是必填项。"]


def test_length_error_names_the_field():
    form = SampleForm(data={"full_name": "一二三四五"})

    assert not form.is_valid()
    assert str(form.errors["full_name"][0]).startswith("「姓名」")


def test_message_with_label_is_left_alone():
    form = SampleForm(data={"full_name": "张三"})
    form.is_valid()
    form.add_error("note", "备注不能写电话号码")

    assert form.errors["note"] == ["备注不能写电话号码"]


def test_valid_form_has_no_errors():
    form = SampleForm(data={"full_name": "张三"})

    assert form.is_valid()
