#!/usr/bin/env python3
"""Adversarial reply texts for the intake scaling benchmark.

Usage: gen-adversarial.py OUT_DIR SIZE_BYTES
Writes one reply per shape (about SIZE_BYTES each) into OUT_DIR.
"""
import sys, os

out, size = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
HEAD = "---\ndepartment: 测试{d}\nreceived: 2023-05-20 10:00\n---\n"


def fill(unit_of):
    parts, n, i = [], 0, 0
    while n < size:
        u = unit_of(i)
        parts.append(u)
        n += len(u.encode())
        i += 1
    return "".join(parts)


shapes = {
    "replacements": lambda i: f"第{1 + i % 10}条：建议将“最高{i % 10}00万元”修改为“最高{i % 10}50万元”。\n",
    "numbered": lambda i: f"{i + 1}. 建议第{1 + i % 10}条增加“支持第{i}项工作”的表述。\n",
    "oneline": lambda i: f"建议将“支持{i}”修改为“鼓励{i}”；",
    "quotes": lambda i: "“" if i % 50 else "“a”\n",
    "ordinals": lambda i: "第一、第二、" if i % 2000 else "第三条\n",
    "spaces": lambda i: "第五条" + " " * 200 + "五、建议\n",
}
for k, (name, unit) in enumerate(shapes.items()):
    with open(os.path.join(out, f"{name}.md"), "w") as f:
        f.write(HEAD.format(d=f"{k:04}") + fill(unit))

# HTML e-mails: deeply nested markup and a 10k-row (or more) table.
def eml(name, html):
    with open(os.path.join(out, f"{name}.eml"), "w") as f:
        f.write("From: a@b.cn\nTo: c@d.cn\nSubject: =?UTF-8?B?5Y+N6aaI?=\n"
                "Date: Sat, 20 May 2023 10:00:00 +0800\nMIME-Version: 1.0\n"
                "Content-Type: text/html; charset=utf-8\n\n" + html)

depth = max(1, size // 11)
eml("nested", "<div>" * depth + "第一条：建议将“支持”修改为“鼓励”。" + "</div>" * depth)
eml("table", "<table>" + fill(lambda i: f"<tr><td>{i}</td><td>第{1 + i % 10}条</td><td>建议将“最高{i % 10}00万元”修改为“最高{i % 10}50万元”</td></tr>") + "</table>")
eml("unclosed", fill(lambda i: "<p>建议<b" if i % 3 else "<!-- x "))
