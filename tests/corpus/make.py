#!/usr/bin/env python3
"""Writes the accuracy corpus: tests/corpus/replies/NAME.{txt,md,eml} and
NAME.expect.json (the record each reply must give). Run it to regenerate
after editing; the files it writes are committed. The test is
tests/integration/corpus.rs."""
import json, base64, os
D=os.path.join(os.path.dirname(os.path.abspath(__file__)),'replies')
R=["--received","2023-05-25 10:00"]
RT="2023-05-25T10:00:00+08:00"
def b64w(s, cs='utf-8'): return "=?%s?B?%s?=" % (cs, base64.b64encode(s.encode(cs)).decode())
def put(name, content, exp, binary=False):
    p=os.path.join(D,name)
    if isinstance(content,str): content=content.encode('utf-8')
    open(p,'wb').write(content)
    stem=name.rsplit('.',1)[0]
    open(os.path.join(D,stem+'.expect.json'),'w').write(json.dumps(exp,ensure_ascii=False,indent=2)+"\n")
def E(dept, received=RT, late=False, noobj=False, ops=(), args=R, **kw):
    e={"args":args,"department":dept,"received":received,"late":late,"no_objection":noobj,"opinions":list(ops)}
    e.update(kw); return e
def O(clause, kind, edits=(), **kw):
    o={"clause":clause,"kind":kind,"edits":list(edits)}; o.update(kw); return o
def rep(a,b): return {"op":"replace","from":a,"to":b}
def dele(t): return {"op":"delete","text":t}
def add(u): return {"op":"add_unit","unit":u}
def rem(u): return {"op":"remove_unit","unit":u}
TITLE="关于进一步支持国家生物药技术创新中心、国家第三代半导体技术创新中心（苏州）、国家新一代人工智能创新发展试验区的若干政策（征求意见稿）"

def mail(frm, date, subject, body, extra="", ctype="text/plain; charset=utf-8"):
    return (f"From: {frm}\r\nTo: kjj@example.cn\r\nSubject: {subject}\r\nDate: {date}\r\nMIME-Version: 1.0\r\n{extra}Content-Type: {ctype}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+body.replace("\n","\r\n"))
# ---- formal 复函, no objection, many frames
put("c01_fuhan_full.txt", f"""苏州市农业农村局关于《{TITLE}》的复函

市科技局：
　　你局《关于征求〈{TITLE}〉意见的函》收悉。经研究，我局对该征求意见稿无修改意见。
　　特此函复。

苏州市农业农村局
2023年5月24日
（联系人：周敏，电话：68888001）
""", E("市农业农村局", "2023-05-24T15:00:00+08:00", noobj=True, args=["--received","2023-05-24 15:00"]))
put("c02_fuhan_chinese_date.txt", """市科技局：
　　来函收悉。经认真研究，我委无不同意见。
　　此复。

苏州市卫生健康委员会
二〇二三年五月二十五日
""", E("市卫生健康委", noobj=True))
put("c03_person_salutation.txt", """黎晓婷同志：
　　你好！关于征求意见稿，我单位没有修改意见。
市外办
2023年5月25日
""", E("市外办", noobj=True))
put("c04_yuanze_tongyi_wuxiugai.txt", """市科技局：
　　经研究，原则同意，无修改意见。
苏州市教育局（盖章）
2023年5月25日
""", E("市教育局", noobj=True))
put("c05_wu_qita_yijian.txt", """反馈意见

我局对该文件无其他意见。

以上意见供参考。

市交通运输局
2023-05-25
""", E("市交通局", noobj=True))
put("c06_prefix_wuyijian.txt", "苏创投集团：无意见。\n", E("苏创投集团", noobj=True))
put("c07_fuhan_seal_notes.txt", f"""关于对《{TITLE}》征求意见的复函

市科技局：
　　贵局来函已收悉。经我局研究，对该政策无修改意见。
　　特此函复。

（此页无正文）

苏州市大数据管理局
（盖章）
2023年5月25日
联系人：陈刚　电话：68616000
""", E("市大数据局", noobj=True))
put("c08_fuhan_yijian_gongcankao.txt", """经研究，我单位无修改意见，以上意见供参考。
张家港市人民政府
2023年5月25日
""", E("张家港市人民政府", noobj=True))
put("c09_group_member_title.txt", f"""吴江区人民政府关于《{TITLE}》的意见

无修改意见。
""", E("吴江区人民政府", noobj=True))
put("c10_tongyi_only.txt", "同意。\n", E("市外办", noobj=True, args=R+["--department","市外办"]))
put("c11_weiyi_no_objection_duiwenjian.txt", f"""太仓市人民政府：
""".replace("太仓市人民政府：\n","")+f"""市科技局：
　　《{TITLE}》收悉。我市对该文件没有意见。
　　专此函复。
太仓市人民政府
2023年5月24日
""", E("太仓市人民政府", "2023-05-24T10:00:00+08:00", noobj=True, args=["--received","2023-05-24 10:00"]))

# ---- letters with numbered opinions
put("c12_numbered_letter.txt", f"""苏州市工业和信息化局关于《{TITLE}》的反馈意见

市科技局：
　　来函收悉。经研究，提出如下意见：
　　一、第八条中“按年度销售总额10%～20%给予最高200万元奖励”建议修改为“按年度销售总额10%～20%给予最高300万元奖励”。
　　二、建议第十条责任单位增加市商务局。
　　特此函复。

苏州市工业和信息化局
2023年5月25日
""", E("市工信局", ops=[O(8,"clause",[rep("按年度销售总额10%～20%给予最高200万元奖励","按年度销售总额10%～20%给予最高300万元奖励")]), O(10,"clause",[add("市商务局")])]))
put("c13_numbered_arabic.txt", """1. 第四条“最高300万元的研发费资助”改为“最高400万元的研发费资助”。
2. 第六条删除“并根据其对外开放共享服务成效给予最高500万元绩效补助”。

市发改委
2023年5月25日
""", E("市发改委", ops=[O(4,"clause",[rep("最高300万元的研发费资助","最高400万元的研发费资助")]), O(6,"clause",[dele("并根据其对外开放共享服务成效给予最高500万元绩效补助")])]))
put("c14_yuanze_tongyi_plus.txt", """市科技局：
　　原则同意。建议如下：
　　1. 第五条责任单位增加市人社局。
　　2. 第九条“按实际费用的20%给予补贴”修改为“按实际费用的30%给予补贴”。
中共苏州市委组织部
2023年5月25日
""", E("市委组织部（人才办）", ops=[O(5,"clause",[add("市人社局")]), O(9,"clause",[rep("按实际费用的20%给予补贴","按实际费用的30%给予补贴")])]))
put("c15_wuyijian_plus_one.txt", """我局无意见。建议第七条删除“市教育局、”。
苏州市教育局
""", E("市教育局", ops=[O(7,"clause",[dele("市教育局、")])]))
put("c16_closing_qingzhuo.txt", """市科技局：
　　现将我局意见反馈如下：
　　建议第八条“上浮20%”修改为“上浮30%”。
　　以上意见，请酌。

苏州市工业和信息化局
2023年5月26日
""", E("市工信局", ops=[O(8,"clause",[rep("上浮20%","上浮30%")])]))
put("c17_two_units_added.txt", "市发改委：建议第一条责任单位增加市财政局、市商务局。\n", E("市发改委", ops=[O(1,"clause",[add("市财政局"),add("市商务局")])]))

# ---- polarity and self-reference
put("c18_bujiang_wozhidui.txt", """建议不将我支队列为第七条责任单位。
苏州市交通运输局
""", E("市交通局", ops=[O(7,"clause",[rem("市交通局")])]))
put("c19_buyi_zuowei.txt", """第七条：市农业农村局不宜作为责任单位，该条内容与我局职能关联不大。
市农业农村局
2023年5月25日
""", E("市农业农村局", ops=[O(7,"clause",[rem("市农业农村局")])]))
put("c20_cong_zerendanwei_shanchu.txt", """建议将市金融监管局从第七条责任单位中删除。
苏州市地方金融监督管理局
""", E("市金融监管局", ops=[O(7,"clause",[rem("市金融监管局")])]))
put("c21_wodanwei_liewei.txt", """建议第三条将我单位列为责任单位。
苏州创新投资集团有限公司
""", E("苏创投集团", ops=[O(3,"clause",[add("苏创投集团")])]))
put("c22_paren_reason_after_unit.txt", "市大数据局：第九条建议增加市商务局（涉及跨境数据服务）为责任单位。\n", E("市大数据局", ops=[O(9,"clause",[add("市商务局")])]))
put("c23_bendanwei_buzai.txt", """建议第八条中本单位不再作为责任单位。
苏州市工业和信息化局
""", E("市工信局", ops=[O(8,"clause",[rem("市工信局")])]))
put("c24_wowei_remove_alias.txt", """建议不将我委列为第七条责任单位。
市卫健委
""", E("市卫生健康委", ops=[O(7,"clause",[rem("市卫健委")])]))

# ---- replacement and reasons
put("c25_gaiwei_liyou.txt", """第四条“最高300万元的研发费资助”建议改为“最高500万元的研发费资助”，理由：与省级政策标准衔接。
市发改委
""", E("市发改委", ops=[O(4,"clause",[rep("最高300万元的研发费资助","最高500万元的研发费资助")], opinion_reason="与省级政策标准衔接")]))
put("c26_yi_tixian.txt", """建议将第十条中“最高300万元的一次性补贴”修改为“最高500万元的一次性补贴”，以体现对国际性盛会的支持力度。
苏州市文化广电和旅游局
""", E("市文广旅局", ops=[O(10,"clause",[rep("最高300万元的一次性补贴","最高500万元的一次性补贴")], opinion_reason="以体现对国际性盛会的支持力度")]))
put("c27_unquoted_replacement.txt", """第六条“按其建设总投资的30%”建议改为按其建设总投资的20%。理由：财力有限。
昆山市人民政府
""", E("昆山市人民政府", ops=[O(6,"clause",[rep("按其建设总投资的30%","按其建设总投资的20%")], opinion_reason="财力有限")]))
put("c28_yuanwen_xiugaiwei.txt", """关于第二条的修改意见
原文：对获批的国家新一代人工智能开放创新平台
修改为：对获批的国家级人工智能开放创新平台
理由：表述更准确。
苏州市大数据集团有限公司
""", E("市大数据集团", ops=[O(2,"clause",[rep("对获批的国家新一代人工智能开放创新平台","对获批的国家级人工智能开放创新平台")], opinion_reason="表述更准确")]))
put("c29_synonyms.txt", """1. 第七条“市文广旅游局”应为“市文广旅局”。
2. 第七条“市卫健委”改成“市卫生健康委”。
3. 第九条“持续加大算力供给”表述为“持续扩大算力供给”。
4. 第一条“遴选并表彰一批”调整为“遴选并支持一批”。
5. 第三条“培育壮大创新型企业集群”修改成“培育壮大科技型企业集群”。
苏州市文化广电和旅游局
""", E("市文广旅局", ops=[O(7,"clause",[rep("市文广旅游局","市文广旅局")]), O(7,"clause",[rep("市卫健委","市卫生健康委")]), O(9,"clause",[rep("持续加大算力供给","持续扩大算力供给")]), O(1,"clause",[rep("遴选并表彰一批","遴选并支持一批")]), O(3,"clause",[rep("培育壮大创新型企业集群","培育壮大科技型企业集群")])]))
put("c30_yinwei_reason.txt", """建议删除第六条中“对新建的概念验证中心给予最高1000万元建设资助”，因为该事项已由其他政策覆盖。
常熟市人民政府
""", E("常熟市人民政府", ops=[O(6,"clause",[dele("对新建的概念验证中心给予最高1000万元建设资助")], opinion_reason="因为该事项已由其他政策覆盖")]))

# ---- several proposals in one sentence
put("c31_two_refs_one_sentence.txt", "市外办：建议第五条责任单位增加市人社局，第七条删除“市农业农村局等”。\n", E("市外办", ops=[O(5,"clause",[add("市人社局")]), O(7,"clause",[dele("市农业农村局等")])]))
put("c32_two_quotes_two_clauses.txt", """建议将“纳米技术应用”修改为“纳米技术”，同时删除“首批次关键材料、”。
苏州市市场监督管理局
""", E("市市场监管局", ops=[O(9,"clause",[rep("纳米技术应用","纳米技术")]), O(8,"clause",[dele("首批次关键材料、")])]))
put("c33_semicolon_refs.txt", """反馈单位：苏创投集团
建议第三条删除“独角兽培育企业、”；第四条“最高1000万元和200万元”修改为“最高1000万元和300万元”。
""", E("苏创投集团", ops=[O(3,"clause",[dele("独角兽培育企业、")]), O(4,"clause",[rep("最高1000万元和200万元","最高1000万元和300万元")])]))

# ---- proposals that do not fit
put("c34_new_clause_eleven.txt", """建议增加第十一条：支持人工智能伦理治理研究。
苏州市教育局
""", E("市教育局", ops=[O(None,"new_clause")]))
put("c35_zengjia_yitiao.txt", """市科技局：
　　建议增加一条：对“一区两中心”引进的博士后给予生活补贴。
相城区人民政府
""", E("相城区人民政府", ops=[O(None,"new_clause")]))
put("c36_new_clause_thirteen_with_other.txt", """1. 第五条责任单位增加市人社局。
2. 建议新增第十三条，明确政策兑现流程。
姑苏区人民政府
""", E("姑苏区人民政府", ops=[O(5,"clause",[add("市人社局")]), O(None,"new_clause")]))
put("c37_edit_not_in_clause.txt", "市外办：第三条建议删除“不存在的表述”。\n", E("市外办", ops=[O(3,"clause")]))
put("c38_general_opinion.txt", """填报单位：苏州市教育局
建议政策文件进一步明确资金兑付时限。
""", E("市教育局", ops=[O(None,"general")]))

# ---- forms
put("c39_tab_form.txt", "反馈单位：市大数据局\n序号\t条款\t原文\t修改意见\t理由\n1\t第九条\t持续加大算力供给\t持续扩大算力供给\t用词规范\n2\t第二条\t无\t无\t无\n",
    E("市大数据局", ops=[O(9,"clause",[rep("持续加大算力供给","持续扩大算力供给")], opinion_reason="用词规范", source="table")]))
put("c40_aligned_form.txt", """征求意见反馈表
填报单位：苏州市生态环境局
序号  条款    修改意见                                  理由
1     第七条  建议删除“市交通局、”                      与我市分工不符
2     第十条  无                                        无
""", E("市生态环境局", ops=[O(7,"clause",[dele("市交通局、")], opinion_reason="与我市分工不符", source="table")]))
put("c41_markdown_form.md", """# 反馈意见表

反馈单位：市金融监管局

| 序号 | 条款 | 原文 | 修改意见 | 理由 |
|---|---|---|---|---|
| 1 | 第三条 | 省级以上专精特新“小巨人”企业 | 国家级专精特新“小巨人”企业 | 聚焦重点 |
| 2 | 第九条 | 无 | 建议第九条责任单位增加市金融监管局 | 涉及国有资本投资 |
""", E("市金融监管局", ops=[O(3,"clause",[rep("省级以上专精特新“小巨人”企业","国家级专精特新“小巨人”企业")], opinion_reason="聚焦重点", source="table"), O(9,"clause",[add("市金融监管局")], opinion_reason="涉及国有资本投资", source="table")]))
put("c42_form_all_nothing.txt", "反馈单位：市外办\n序号\t条款\t修改意见\n1\t全文\t无\n", E("市外办", noobj=True))
put("c43_markdown_bullets_title.md", """## 市大数据集团反馈意见

- 第九条：建议将“加快促进关键核心技术向科技成果转化”修改为“加快促进科技成果转化”。
- 第二条：无意见。
""", E("市大数据集团", ops=[O(9,"clause",[rep("加快促进关键核心技术向科技成果转化","加快促进科技成果转化")])]))

# ---- titles, labels, signatures
put("c44_title_dui_de_yijian.txt", f"""市交通运输局对《{TITLE}》的意见

第七条“市交通局”修改为“市交通运输局”。
""", E("市交通局", ops=[O(7,"clause",[rep("市交通局","市交通运输局")])]))
put("c45_person_salutation_nin_hao.txt", """葛运东同志：
　　您好！我办对征求意见稿无意见。
市委人才办
2023年5月24日
""", E("市委组织部（人才办）", "2023-05-24T16:00:00+08:00", noobj=True, args=["--received","2023-05-24 16:00"]))
put("c46_late_letter.txt", """填报单位：市政府外办
第五条：建议删除“、出入境”。
""", E("市外办", "2023-05-29T09:00:00+08:00", late=True, ops=[O(5,"clause",[dele("、出入境")])], args=["--received","2023-05-29 09:00"]))
put("c47_front_matter.md", """---
department: 市委人才办
received: 2023-05-24 16:20
opinions:
  - clause: 5
    text: 建议第五点责任单位加上市人社局
    edits: [{op: add_unit, unit: 市人社局}]
---
""", E("市委组织部（人才办）", "2023-05-24T16:20:00+08:00", ops=[O(5,"clause",[add("市人社局")], source="front_matter")], args=[]))
put("c48_gbk_letter.txt", """常熟市人民政府关于征求意见稿的反馈意见

市科技局：
　　第一条：建议将“遴选并表彰一批”修改为“遴选并命名一批”。
常熟市人民政府
2023年5月25日
""".encode('gbk'), E("常熟市人民政府", ops=[O(1,"clause",[rep("遴选并表彰一批","遴选并命名一批")])]))

# ---- bad input
put("c49_sources_disagree.txt", "反馈单位：市教育局\n无意见。\n苏州市农业农村局\n", {"args":R,"error":["市教育局","市农业农村局","--department"]})
put("c50_nothing_resolves.txt", "建议第五条增加市人社局为责任单位。\n苏州市人力资源和社会保障局\n", {"args":R,"error":["苏州市人力资源和社会保障局","--department"]})

# ---- e-mail
put("c51_mail_no_objection.eml", mail(b64w("苏州市市场监督管理局")+" <scjgj@example.cn>", "Thu, 25 May 2023 11:30:00 +0800", "reply", "您好！\n我局无修改意见。\n谢谢！\n"),
    E("市市场监管局", "2023-05-25T11:30:00+08:00", noobj=True, args=[]))
put("c52_forward_outlook.eml", mail("Wang Li <wl@kjj.example.cn>", "Mon, 29 May 2023 08:40:00 +0800", "FW: 反馈意见", """Please file this one.

-----Original Message-----
From: 苏州市教育局 [mailto:jyj@example.cn]
Sent: Friday, May 26, 2023 3:05 PM
To: kjj@example.cn
Subject: 反馈意见

第三条：建议将“独角兽培育企业”修改为“独角兽企业”。
"""), E("市教育局", "2023-05-26T15:05:00+08:00", ops=[O(3,"clause",[rep("独角兽培育企业","独角兽企业")])], args=[], forwarded_by="Wang Li"))
put("c53_forward_chinese_original.eml", mail(b64w("科技局办公室")+" <bgs@kjj.example.cn>", "Mon, 29 May 2023 09:00:00 +0800", b64w("转发：苏州市卫生健康委员会反馈"), """转发卫健委意见。

-------- 原始邮件 --------
发件人："苏州市卫生健康委员会" <wjw@example.cn>
发送时间：2023年5月25日(星期四) 下午3:20
收件人："kjj" <kjj@example.cn>
主题：反馈

无修改意见。
苏州市卫生健康委员会
"""), E("市卫生健康委", "2023-05-25T15:20:00+08:00", noobj=True, args=[], forwarded_by="科技局办公室"))
put("c54_forward_note_proposes.eml", mail("staff@kjj.example.cn", "Mon, 29 May 2023 09:00:00 +0800", b64w("转发：工信局反馈"), """另：建议第十条责任单位增加市商务局。

-------- 转发邮件信息 --------
发件人："苏州市工业和信息化局" <gxj@example.cn>
发送日期：2023-05-26 10:15
主题：反馈

无修改意见。
"""), E("市工信局", "2023-05-26T10:15:00+08:00", ops=[O(10,"clause",[add("市商务局")])], args=[], forwarded_by="staff@kjj.example.cn"))
put("c55_forward_no_time.eml", mail("staff@kjj.example.cn", "Mon, 29 May 2023 09:00:00 +0800", b64w("转发：反馈"), """-------- 转发邮件信息 --------
发件人："市外办" <wb@example.cn>
主题：反馈

无意见。
"""), {"args":[],"error":["--received"]})
gbk=("苏州市生态环境局").encode('gbk')
w1="=?GBK?B?%s?=" % base64.b64encode(gbk[:5]).decode(); w2="=?GBK?B?%s?=" % base64.b64encode(gbk[5:]).decode()
put("c56_rfc2047_gbk_split.eml", mail(f"{w1}\r\n {w2} <sthjj@example.cn>", "Thu, 25 May 2023 14:00:00 +0800", "reply", "无修改意见。\n"),
    E("市生态环境局", "2023-05-25T14:00:00+08:00", noobj=True, args=[]))
u=("市金融监管局").encode('utf-8')
q=lambda b: "".join("=%02X"%x for x in b)
put("c57_rfc2047_q_split.eml", mail(f"=?utf-8?Q?{q(u[:7])}?= =?utf-8?Q?{q(u[7:])}?= <jrj@example.cn>", "Thu, 25 May 2023 14:10:00 +0800", "reply", "第九条：建议删除“知识产权保险等”。\n"),
    E("市金融监管局", "2023-05-25T14:10:00+08:00", ops=[O(9,"clause",[dele("知识产权保险等")])], args=[]))
put("c58_cst_late.eml", mail("dsjjt@example.cn", "Fri, 26 May 2023 18:05:00 CST", "reply", "市大数据集团：无修改意见。\n"),
    E("市大数据集团", "2023-05-26T18:05:00+08:00", late=True, noobj=True, args=[]))
html_body = """--ALT\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n此邮件不支持HTML格式，请使用支持HTML的邮件客户端查看。\r\n--ALT\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>市科技局：</p><p>经研究，建议第六条“最高2000万元资助”修改为“最高3000万元资助”。</p><p>苏州市发展和改革委员会</p></body></html>\r\n--ALT--\r\n"""
put("c59_html_placeholder.eml", (f"From: fgw@example.cn\r\nTo: kjj@example.cn\r\nSubject: reply\r\nDate: Thu, 25 May 2023 16:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"ALT\"\r\n\r\n"+html_body),
    E("市发改委", "2023-05-25T16:00:00+08:00", ops=[O(6,"clause",[rep("最高2000万元资助","最高3000万元资助")])], args=[]))
table_html = """<html><body><p>反馈单位：市农业农村局</p><table border="1"><tr><th>序号</th><th>条款</th><th>修改意见</th><th>理由</th></tr><tr><td>1</td><td>第一条</td><td><p>建议删除“遴选并表彰一批人工智能特色产业集聚区，”</p></td><td>与现有评比表彰规定衔接</td></tr><tr><td>2</td><td>第七条</td><td>无</td><td>无</td></tr></table></body></html>"""
put("c60_html_table_mail.eml", mail(b64w("农业农村局")+" <nyj@example.cn>", "Thu, 25 May 2023 16:30:00 +0800", "reply", table_html, ctype="text/html; charset=utf-8"),
    E("市农业农村局", "2023-05-25T16:30:00+08:00", ops=[O(1,"clause",[dele("遴选并表彰一批人工智能特色产业集聚区，")], opinion_reason="与现有评比表彰规定衔接", source="table")], args=[]))
att=base64.b64encode(("市科技局：\r\n　　来函收悉，我局对征求意见稿无修改意见。\r\n　　特此函复。\r\n苏州市交通运输局\r\n2023年5月25日\r\n").encode('utf-8')).decode()
put("c61_mail_attached_letter.eml", f"From: jtj@example.cn\r\nTo: kjj@example.cn\r\nSubject: reply\r\nDate: Thu, 25 May 2023 17:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"M\"\r\n\r\n--M\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请查收。\r\n--M\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=\"fuhan.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{att}\r\n--M--\r\n",
    E("市交通局", "2023-05-25T17:00:00+08:00", noobj=True, args=[]))
put("c62_unreadable_date.eml", mail("jyj@example.cn", "2023年5月26日 下午5点", "reply", "市教育局：无意见。\n"), {"args":[],"error":["Date","2023年5月26日 下午5点"]})
put("c63_mail_sender_and_signature_agree.eml", mail(b64w("市外办")+" <wb@example.cn>", "Wed, 24 May 2023 09:30:00 +0800", "回复：征求意见", """建议第五条“出入境等方面”修改为“出入境、停居留等方面”。
苏州市人民政府外事办公室

-----原始邮件-----
发件人: 市科技局
发送时间: 2023-05-20 10:00
主题: 征求意见

请于5月26日前反馈。
"""), E("市外办", "2023-05-24T09:30:00+08:00", ops=[O(5,"clause",[rep("出入境等方面","出入境、停居留等方面")])], args=[]))


put("d01_praise_then_no_objection.txt", """市科技局：
　　你局《关于征求〈若干政策（征求意见稿）〉意见的函》（苏科函〔2023〕58号）收悉。经研究，我局认为该政策措施针对性强、切实可行，无修改意见。
　　特此函复。
苏州市市场监督管理局
2023年5月25日
""", E("市市场监管局", noobj=True))
put("d02_paren_numbered.txt", """市科技局：
　　经研究，我局提出以下修改建议：
　　（一）第二条“给予最高1000万元建设经费支持”建议修改为“给予最高2000万元建设经费支持”。
　　（二）第十条责任单位建议增加市商务局。
　　其他无意见。
苏州市发展和改革委员会
2023年5月25日
""", E("市发改委", ops=[O(2,"clause",[rep("给予最高1000万元建设经费支持","给予最高2000万元建设经费支持")]), O(10,"clause",[add("市商务局")])]))
put("d03_foxmail_forward.eml", mail(b64w("葛运东")+" <gyd@kjj.example.cn>", "Mon, 29 May 2023 10:00:00 +0800", b64w("转发：外办反馈意见"), """

------------------ 原始邮件 ------------------
发件人: "苏州市人民政府外事办公室"<wb@example.cn>;
发送时间: 2023年5月26日(星期五) 下午2:30
收件人: "kjj"<kjj@example.cn>;
主题: 外办反馈意见

第五条：建议将“出入境等方面”修改为“出入境、停居留等方面”。
"""), E("市外办", "2023-05-26T14:30:00+08:00", ops=[O(5,"clause",[rep("出入境等方面","出入境、停居留等方面")])], args=[], forwarded_by="葛运东"))
put("d04_gmail_forward.eml", mail("Clerk <clerk@kjj.example.cn>", "Mon, 29 May 2023 10:05:00 +0800", "Fwd: feedback", """FYI

---------- Forwarded message ---------
From: 苏州市教育局 <jyj@example.cn>
Date: Fri, May 26, 2023 at 5:10 PM
Subject: feedback
To: <kjj@example.cn>

市科技局：
经研究，我局无修改意见。
"""), E("市教育局", "2023-05-26T17:10:00+08:00", noobj=True, args=[], forwarded_by="Clerk"))
put("d05_netease_forward.eml", mail("staff@kjj.example.cn", "Mon, 29 May 2023 10:10:00 +0800", b64w("转发:反馈"), """-------- 转发的邮件 --------
发件人：苏州市大数据管理局 <dsj@example.cn>
日期：2023-05-25 09:45:00
主题：反馈

建议第九条删除“专利池运营、”。
"""), E("市大数据局", "2023-05-25T09:45:00+08:00", ops=[O(9,"clause",[dele("专利池运营、")])], args=[], forwarded_by="staff@kjj.example.cn"))
put("d06_yichu_from_units.txt", """请将我局从第七条责任单位中移除。
苏州市生态环境局
""", E("市生态环境局", ops=[O(7,"clause",[rem("市生态环境局")])]))
put("d07_gb2312_q_subject_sender.eml", mail("=?GB2312?Q?"+"".join("=%02X"%b for b in "苏州市大数据集团".encode('gb2312')[:3])+"?= =?GB2312?Q?"+"".join("=%02X"%b for b in "苏州市大数据集团".encode('gb2312')[3:])+"?= <jt@example.cn>", "Thu, 25 May 2023 08:00:00 +0800", "reply", "无其他意见。\n"),
    E("市大数据集团", "2023-05-25T08:00:00+08:00", noobj=True, args=[]))
put("d08_heading_sections.txt", """关于《若干政策（征求意见稿）》的修改意见

一、总体意见
原则同意。

二、具体意见
1. 第六条“最高500万元绩效补助”修改为“最高800万元绩效补助”。
2. 第九条责任单位增加市财政局。

昆山市人民政府
2023年5月25日
""", E("昆山市人民政府", ops=[O(6,"clause",[rep("最高500万元绩效补助","最高800万元绩效补助")]), O(9,"clause",[add("市财政局")])]))
put("d09_fuhan_dated_top.txt", """苏州市教育局
2023年5月25日

市科技局：
　　来函收悉，我局没有修改意见。
""", E("市教育局", noobj=True))
put("d10_attachment_line_and_cc.txt", """市科技局：
　　经研究，第七条建议将“最高200万元”改为“最高300万元”。
　　附件：反馈意见表
苏州市农业农村局
2023年5月25日
抄送：市财政局
""", E("市农业农村局", ops=[O(7,"clause",[rep("最高200万元","最高300万元")])]))
put("d11_no_objection_then_signature_fullname_with_seal_line.txt", """关于对《若干政策（征求意见稿）》的反馈意见
经我委研究，对该文件无意见。
中共苏州市委组织部（盖章）
2023年5月24日
""", E("市委组织部（人才办）", noobj=True))
put("d12_tab_form_with_title_and_label_tab.txt", "征求意见反馈表\n反馈单位：苏州工业园区管委会\n序号\t章节条款\t原文内容\t修改建议\t修改理由\n1\t第8条\t上浮20%\t建议改为上浮25%\t支持医药产业\n", 
    E("苏州工业园区管委会", ops=[O(8,"clause",[rep("上浮20%","上浮25%")], opinion_reason="支持医药产业", source="table")]))


put("e01_hanfu_ruxia_thanks.txt", """市科技局：
　　你局来函收悉，现函复如下：
　　我局对《若干政策》（征求意见稿）无意见。
　　感谢贵局对我局工作的支持！
苏州市地方金融监督管理局
2023.5.25
""", E("市金融监管局", noobj=True))
put("e02_tongyi_gaogao_zanwu.txt", "经研究，我办同意该稿内容，暂无修改意见。\n苏州市人民政府外事办公室\n", E("市外办", noobj=True))
put("e03_self_in_unit_list.txt", "建议在第八条责任单位中增加我局。\n苏州市市场监督管理局\n", E("市市场监管局", ops=[O(8,"clause",[add("市市场监管局")])]))
put("e04_liyoushi.txt", "建议将第七条中的“市交通局”调整为“市交通运输局”，理由是单位全称应规范。\n苏州市交通运输局\n", E("市交通局", ops=[O(7,"clause",[rep("市交通局","市交通运输局")], opinion_reason="单位全称应规范")]))
put("e05_bu_baokuo.txt", "建议第七条责任单位不包括市教育局。\n苏州市教育局\n", E("市教育局", ops=[O(7,"clause",[rem("市教育局")])]))
put("e06_signature_with_date_same_line.txt", "无修改意见。\n\n苏州市教育局　　2023年5月25日\n", E("市教育局", noobj=True))
put("e07_meiyijian_colloquial.txt", "市外办：没意见。\n", E("市外办", noobj=True))
put("e08_aligned_no_serial.txt", "反馈单位：苏创投集团\n条款      修改意见\n第三条    建议删除“独角兽培育企业、”\n", E("苏创投集团", ops=[O(3,"clause",[dele("独角兽培育企业、")], source="table")]))
put("e09_markdown_xiugaihou.md", """反馈单位：市工信局

| 条款 | 原文 | 修改后 |
|---|---|---|
| 第八条 | 上浮20% | 上浮30% |
""", E("市工信局", ops=[O(8,"clause",[rep("上浮20%","上浮30%")], source="table")]))
put("e10_paren_list_two_lines.txt", """市科技局：
　　（1）第五条：建议将“参照市级领军人才给予便利”
修改为“参照市级领军人才给予同等便利”。
　　（2）第九条：建议增加市发改委为责任单位。
苏州市委组织部
""".replace("苏州市委组织部","中共苏州市委组织部"), E("市委组织部（人才办）", ops=[O(5,"clause",[rep("参照市级领军人才给予便利","参照市级领军人才给予同等便利")]), O(9,"clause",[add("市发改委")])]))
put("e11_reply_history_not_forward.eml", mail(b64w("苏州市农业农村局")+" <nyj@example.cn>", "Fri, 26 May 2023 09:00:00 +0800", b64w("回复：关于征求意见的函"), """无修改意见。

------------------ 原始邮件 ------------------
发件人: "市科技局"<kjj@example.cn>;
发送时间: 2023年5月20日(星期六) 上午10:00
主题: 关于征求意见的函

请于5月26日前反馈。第五条如有意见请写明。
"""), E("市农业农村局", "2023-05-26T09:00:00+08:00", noobj=True, args=[]))
put("e12_arabic_clause_ref.txt", "市大数据局：建议第9条删除“专利导航、”。\n", E("市大数据局", ops=[O(9,"clause",[dele("专利导航、")])]))
put("e13_insert_after.txt", "第五条：建议在“出入境”后增加“、停居留”。\n市外办\n", E("市外办", ops=[O(5,"clause",[rep("出入境","出入境、停居留")])]))
put("e14_title_two_lines.txt", """苏州市文化广电和旅游局
关于《若干政策（征求意见稿）》的复函

市科技局：
　　来函收悉。我局无修改意见。
　　此复。

苏州市文化广电和旅游局
2023年5月24日
""", E("市文广旅局", "2023-05-24T10:00:00+08:00", noobj=True, args=["--received","2023-05-24 10:00"]))
put("e15_two_proposals_same_clause.txt", "建议第七条删除“市交通局、”，并增加市公安局为责任单位。\n苏州市生态环境局\n", E("市生态环境局", ops=[O(7,"clause",[dele("市交通局、"), add("市公安局")])]))
put("e16_outlook_chinese_headers.eml", mail("archive@kjj.example.cn", "Tue, 30 May 2023 08:00:00 +0800", b64w("转发: 反馈"), """
发件人: 苏州市发展和改革委员会 <fgw@example.cn>
发送时间: 2023年5月26日 17:25
收件人: kjj@example.cn
主题: 反馈

第二条：建议删除“大科学装置等”。
"""), E("市发改委", "2023-05-26T17:25:00+08:00", ops=[O(2,"clause",[dele("大科学装置等")])], args=[], forwarded_by="archive@kjj.example.cn"))

put("e17_liangdian_yijian_yishi.txt", """市科技局：
经研究，对《若干政策》提出以下两点意见：
一是建议第五条责任单位增加市人社局；
二是建议第九条删除“专利池运营、”。
以上意见妥否，请酌。
市大数据局
""", E("市大数据局", ops=[O(5,"clause",[add("市人社局")]), O(9,"clause",[dele("专利池运营、")])]))
put("e18_unit_rename_unquoted.txt", """尊敬的市科技局：
我单位已认真学习该文件，提出意见如下：第七条中市交通局建议改为市交通运输局。
苏州市交通运输局
""", E("市交通局", ops=[O(7,"clause",[rep("市交通局","市交通运输局")])]))
put("e19_amount_raised.txt", "第十条：建议将每年度安排的运营经费由200万元提高到300万元。\n市外办\n", E("市外办", ops=[O(10,"clause",[rep("200万元","300万元")])]))
put("e20_issuer_signature_refused.txt", "第十条：建议删除“全国性”。\n市科技局\n", {"args":R,"error":["--department"]})
inner = mail(b64w("苏州市卫生健康委员会")+" <wjw@example.cn>", "Fri, 26 May 2023 16:40:00 +0800", "reply", "第七条：建议将“市卫健委”修改为“市卫生健康委”。\n")
put("e21_forward_as_attachment.eml", "From: Outlook User <ou@kjj.example.cn>\r\nTo: archive@kjj.example.cn\r\nSubject: FW: reply\r\nDate: Mon, 29 May 2023 11:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"OUT\"\r\n\r\n--OUT\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attached reply.\r\n--OUT\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"reply.eml\"\r\n\r\n"+inner+"\r\n--OUT--\r\n",
    E("市卫生健康委", "2023-05-26T16:40:00+08:00", ops=[O(7,"clause",[rep("市卫健委","市卫生健康委")])], args=[], forwarded_by="Outlook User"))

put("e22_signature_date_contact_one_line.txt", "无修改意见。\n苏州市农业农村局 2023年5月24日 （联系人：周敏，电话：68888001）\n", E("市农业农村局", noobj=True))
put("e23_circled_numbers.txt", "① 第五条责任单位增加市人社局。\n② 第九条“专利导航、”删除。\n市大数据局\n", E("市大数据局", ops=[O(5,"clause",[add("市人社局")]), O(9,"clause",[dele("专利导航、")])]))
put("e24_unit_quoted_deleted.txt", "建议第五条责任单位中的“市外办”删除。\n市委人才办\n", E("市委组织部（人才办）", ops=[O(5,"clause",[rem("市外办")])]))
put("e25_quoted_unit_for_clause.txt", "建议增加“市人社局”为第五条责任单位。\n市委人才办\n", E("市委组织部（人才办）", ops=[O(5,"clause",[add("市人社局")])]))
put("e26_intro_with_aside.txt", "市科技局：\n　　现将我局意见反馈如下（详见附件）：\n附件：修改意见\n　　第六条：建议将“30%”改为“20%”。\n苏州市发展和改革委员会\n", E("市发改委", ops=[O(6,"clause",[rep("30%","20%")])]))
put("e27_person_label_unit.txt", "意见：第四条“1:1比例”建议改为“1:2比例”。\n反馈人：张三（市发改委）\n", E("市发改委", ops=[O(4,"clause",[rep("1:1比例","1:2比例")])]))
put("e28_yandu_yuanze_tongyi_jianyi.txt", "各位领导：\n经认真研读，我局原则同意该政策，并提出以下建议：建议在第三条中增加对“瞪羚企业”的支持。\n苏州市工业和信息化局\n", E("市工信局", ops=[O(3,"clause")]))
put("e29_mail_signature_block.eml", mail("zhangsan@fgw.example.cn", "Thu, 25 May 2023 10:00:00 +0800", b64w("反馈意见"), """葛老师好：
我委对征求意见稿的意见如下：第四条“最高300万元的研发费资助”建议修改为“最高500万元的研发费资助”。
谢谢！

张三
综合处
苏州市发展和改革委员会
电话：0512-68000000

发自我的iPhone
"""), E("市发改委", "2023-05-25T10:00:00+08:00", ops=[O(4,"clause",[rep("最高300万元的研发费资助","最高500万元的研发费资助")])], args=[]))
gb_from="=?gb2312?B?%s?=" % base64.b64encode("市教育局".encode('gb2312')).decode()
gb_subj="=?gb2312?B?%s?=" % base64.b64encode("征求意见的函".encode('gb2312')).decode()
put("e30_gb2312_reply_with_quote.eml", f"From: {gb_from} <jyj@example.cn>\r\nDate: Thu, 25 May 2023 10:00:00 +0800\r\nSubject: Re: {gb_subj}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n".encode()+"无意见\r\n\r\n> 市科技局：请于5月26日前反馈。\r\n> 第五条如有意见请写明。\r\n".encode('gb2312'),
    E("市教育局", "2023-05-25T10:00:00+08:00", noobj=True, args=[]))
put("e31_district_full_name.txt", "经研究，我区无修改意见。\n苏州市吴中区人民政府\n2023年5月25日\n", E("吴中区人民政府", noobj=True))
ol_html = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body><div class=WordSection1>
<p class=MsoNormal>请登记。<o:p></o:p></p>
<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>发件人:</b> 苏州市农业农村局 &lt;nyj@example.cn&gt; <br><b>发送时间:</b> 2023年5月26日 11:20<br><b>收件人:</b> kjj@example.cn<br><b>主题:</b> 反馈意见</p></div>
<p class=MsoNormal>市科技局：<o:p></o:p></p>
<p class=MsoNormal>&nbsp;&nbsp;经研究，建议第七条删除&#8220;市农业农村局等&#8221;。<o:p></o:p></p>
<p class=MsoNormal>苏州市农业农村局<o:p></o:p></p>
</div></body></html>"""
put("e32_outlook_html_forward.eml", mail(b64w("小王")+" <xw@kjj.example.cn>", "Mon, 29 May 2023 09:00:00 +0800", b64w("转发: 反馈意见"), ol_html, ctype="text/html; charset=utf-8"),
    E("市农业农村局", "2023-05-26T11:20:00+08:00", ops=[O(7,"clause",[dele("市农业农村局等")])], args=[], forwarded_by="小王"))
print(len([f for f in os.listdir(D) if not f.endswith(".expect.json")]), "replies")
