"""Every Chinese message the core shows, in one catalogue.

The reasons below say why an entry was refused, so the GUI, the CLI and the tests all show the
same words. (The audit findings' wording is data: resources/forms/<year>/rules.toml.)"""

from __future__ import annotations

REASONS: dict[str, str] = {
    # numbers
    "not_number": "“{原文}”不是数字",
    "chinese_numeral": "“{原文}”请改用阿拉伯数字填写",
    "scientific": "“{原文}”是科学计数法，请直接写出数字",
    "bad_grouping": "“{原文}”的千位分隔符位置不对",
    "wrong_unit": "“{原文}”的单位不对，本栏单位是“{单位}”",
    "one_unit": "“{原文}”一格只能填一个数量，单位为“{单位}”；两种单位请分两个承建单位行填写",
    "not_percent_field": "“{原文}”带有百分号，本栏不是百分数",
    "negative": "“{原文}”是负数，本栏不能为负",
    "too_many_places": "“{原文}”的小数位太多，本栏最多{位数}位小数",
    "not_integer": "“{原文}”不是整数，本栏只能填整数",
    "too_big": "“{原文}”太大，本栏最大为{上限}",
    "too_long": "输入过长（{长度}个字符），不像是一个数字",
    # dates
    "not_date": "“{原文}”不是日期，请按“2025年6月5日”或“2025-06-05”填写",
    "no_such_day": "“{原文}”这一天不存在",
    "date_out_of_range": "“{原文}”的年份应在{最早}到{最晚}年之间",
    # text
    "control_char": "含有不可见的控制字符（{码位}），请删除后再填",
    "control_chars_removed": "已删除不可见的控制字符（{码位}）",
    "bad_unicode": "含有无效的字符编码（{码位}）",
    "text_too_long": "内容过长（{长度}个字符），本栏最多{上限}个字符",
}

STORAGE: dict[str, str] = {
    "not_found": "找不到文件“{文件}”。",
    "is_directory": "“{文件}”是一个文件夹，不是保存文件。",
    "not_regular": "“{文件}”不是普通文件（而是设备、管道等特殊文件），不是本程序的保存文件。",
    "no_permission_read": "没有权限读取“{文件}”。",
    "read_failed": "读取“{文件}”失败：{原因}。{建议}",
    "too_large": "“{文件}”太大（{大小}；保存文件最大 {上限} MB），不是本程序的保存文件。",
    "empty": "“{文件}”是空文件，可能在保存时中断。{建议}",
    "office_file": "“{文件}”是 Word/Excel 等办公文档或压缩包，不是本程序的保存文件。",
    "binary": "“{文件}”是二进制文件，不是本程序的保存文件。",
    "not_utf8": "“{文件}”不是本程序的保存文件（文字编码不是 UTF-8）。",
    "bad_json": "“{文件}”已损坏或不完整（第{行}行第{列}列附近），无法打开。{建议}",
    "too_deep": "“{文件}”的结构嵌套过深，不是本程序的保存文件。",
    "foreign": "“{文件}”不是本程序的保存文件。",
    "newer_version": "“{文件}”由较新版本的程序保存（文件格式第{版本}版，本程序只认识到第{本版}版），请升级本程序后再打开。",
    "bad_version": "“{文件}”的格式版本号“{版本}”无效。",
    "unknown_definition": "“{文件}”是{年度}的验收材料（表格定义“{定义}”），本程序没有这一年度的表格，"
                          "请安装含有该年度表格的新版本后再打开。本程序有：{已有}。",
    "schema": "“{文件}”的内容不符合保存文件格式（位置 {路径}：{原因}），无法打开。",
    "bad_unicode": "“{文件}”中含有无效的字符编码，无法打开。",
    "number_out_of_range": "“{文件}”中{位置}的数字“{数字}”超出本程序能精确处理的范围，无法打开。"
                           "请在写出该文件的程序中改正这个数字后再打开。",
    "disk_full": "保存失败：磁盘空间不足。文件“{文件}”保持原样，您的数据仍在程序中，请腾出空间或另存到其他位置。",
    "read_only": "保存失败：没有写入“{文件}”的权限（文件夹或文件只读）。原文件保持原样，您的数据仍在程序中，请另存到其他位置。",
    "write_failed": "保存失败：{原因}。文件“{文件}”保持原样，您的数据仍在程序中。",
    "no_folder": "保存失败：文件夹“{文件夹}”不存在。您的数据仍在程序中，请另存到其他位置。",
    "not_a_folder": "保存失败：“{名称}”是一个文件，不是文件夹（{路径}）。您的数据仍在程序中，请另选一个文件夹保存。",
    "name_too_long": "保存失败：文件名过长。原文件保持原样，您的数据仍在程序中。{建议}",
    "os_failed": "保存失败：{原因}。原文件保持原样，您的数据仍在程序中。{建议}",
}

#: What to do about a damaged save file (the 建议 of "empty" and "bad_json"): its .bak, when one
#: is there beside it, else where else the work may be.
DAMAGED_WITH_BACKUP = "同一文件夹中有备份文件“{备份}”，可改为打开它。"
DAMAGED_NO_BACKUP = "如果程序曾意外关闭，重新启动时可在“恢复未保存的工作”中找回；也可改用此前发出或拷贝的副本。"


def reason(code: str, **params: object) -> str:
    return REASONS[code].format(**params)


def storage_message(code: str, **params: object) -> str:
    return STORAGE[code].format(**params)


def definition_message(detail: str) -> str:
    """A broken form definition is the program's fault, not the clerk's: say so, and give the
    maintainer's detail (file, table, key) for the support email."""
    return ("表格定义有误，程序无法使用这一年度的表格。请把下面这段话发给软件维护人员：\n"
            f"{detail}")


MERGE: dict[str, str] = {
    "no_files": "没有可汇总的文件。",
    "wrong_year": "“{文件}”是{年度}年度的表格（{定义}），其他文件是{本年度}年度的（{本定义}），不能汇总在一起。",
    "same_content": "“{文件}”与“{另一文件}”的内容完全相同，可能是同一单位的文件选了两次，只能汇总一次。",
    "same_unit": "“{文件}”与“{另一文件}”的单位名称都是“{单位}”，同一单位只能汇总一次。",
    "already_merged": "“{文件}”（{单位}）已经包含在“{另一文件}”的汇总中，不能再汇总一次。",
    "audit_errors": "“{文件}”（{单位}）审核有 {个数} 个错误，请该单位改正后重新提交：",
    "audit_warnings": "“{文件}”（{单位}）有 {个数} 个提示，已照常汇总：",
    "too_big": "汇总后{位置}的合计超出本栏范围：{原因}",
    "no_unit": "没有填写汇总后的单位名称，请在汇总文件的表头中补填。",
}


def merge_message(code: str, **params: object) -> str:
    return MERGE[code].format(**params)
