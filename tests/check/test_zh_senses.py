"""Chinese judgement: word senses, plans, hedges and fluff with no stock word (issue 13,
sections 4 and 5). Each case is a sentence written for this test, checked by the real
`check_post`; the rule it names must fire, or must not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import lint


def fired(text: str) -> set[str]:
    return {f.rule for f in lint(text, "zh") if f.category != "typography"}


# (sentence, rule, whether it fires)
SENSES = [
    # degree adverb or noun/verb, by the next word's part of speech (jieba)
    ("活动现场异常火爆。", "zh.intensifier", True),
    ("请求异常的比例在晚高峰升高。", "zh.intensifier", False),
    ("我们在入口统一做异常兜底，超时也算一种。", "zh.intensifier", False),
    ("新的调度器比较好。", "zh.hedge", True),
    ("我们比较两套方案在冷启动下的表现。", "zh.hedge", False),
    ("这个版本相当稳定。", "zh.intensifier", True),
    ("把这种特别的请求单独放进一个队列。", "zh.intensifier", False),
    # a verb with a named object is an action, not jargon
    ("我们打通了 Jenkins 和 Argo CD 之间的触发链。", "zh.buzzword.needs-object", False),
    ("我们沉淀了一套方法。", "zh.buzzword.needs-object", True),
    ("我们优化了 GC 参数。", "zh.unsupported-claim", False),
    ("我们对 SQL 做了优化。", "zh.unsupported-claim", False),
    ("整体性能得到了优化。", "zh.unsupported-claim", True),
    ("我们打通了各个环节。", "zh.buzzword.needs-object", True),
    # 布局 and 升级: layout and upgrade, or strategy and branding
    ("结构体的内存布局决定了它占多少字节。", "zh.buzzword.always", False),
    ("公司在这条赛道上提前布局。", "zh.buzzword.always", True),
    ("这次品牌升级之后，官网换了新的配色。", "zh.buzzword.always", True),
    ("周五晚上升级 docker-ce 到 18.09.1 之后，构建机开始报错。", "zh.buzzword.always", False),
    ("升级前请先检查脚本里有没有用到旧参数。", "zh.buzzword.needs-object", False),
    ("一次 Kafka 消费积压的复盘。", "zh.buzzword.needs-object", False),
    # names: a foundation's status, a graceful shutdown, a book title
    ("项目去年成为 Apache 顶级项目。", "zh.peacock", False),
    ("读了《高性能 MySQL》的第五章。", "zh.peacock.attributes", False),
    # a rank word with a measured margin is a fact
    ("新版在 8 核机器上领先旧版 23%。", "zh.peacock", False),
    ("凭借领先的技术，公司赢得了客户。", "zh.peacock", True),
    # an honest negative result is not a claim
    ("ClickHouse 并没有在所有场景都更快。", "zh.unsupported-claim", False),
    ("ClickHouse 在所有场景都更快。", "zh.unsupported-claim", True),
    # plans and goals are not claims
    ("因此有必要提升发布流程的效率。", "zh.unsupported-claim", False),
    ("为了满足高性能、高可用的要求，服务部署在两个机房。", "zh.peacock.attributes", False),
    ("为了提升吞吐，我们把批大小从 100 调到 500。", "zh.unsupported-claim", False),
    ("上线以后效率提高了很多。", "zh.unsupported-claim", True),
    # technical modality and stated hypotheses are not hedges
    ("分片数太少时可能会有长尾问题。", "zh.hedge", False),
    ("我们的假设是连接池太小，请求可能在排队。", "zh.hedge", False),
    ("我觉得新方案也许更快。", "zh.hedge", True),
    # a tutorial that is step by step says so honestly; ordinary certainty is not a promise
    ("手把手配置 GitHub Actions 的构建缓存。", "zh.clickbait", False),
    ("同一个 key 一定会落在同一个分片上。", "zh.clickbait", False),
    ("看完这篇，你一定能搞懂分布式事务。", "zh.clickbait", True),
    # 秒杀 is a flash sale; the boast takes an object
    ("秒杀开始后两分钟，详情接口开始超时。", "zh.peacock", False),
    ("新引擎秒杀所有同类产品。", "zh.peacock", True),
    # an approximation before a quantity gives a size
    ("我花了大概一周半专门做包体积。", "zh.hedge", False),
    ("大概没什么问题。", "zh.hedge", True),
    # 太 names a problem (样本太少) or praises (太好用了); 尤其是 is "especially"
    ("目前只有三天的数据，样本太少。", "zh.intensifier", False),
    ("这个插件太好用了。", "zh.intensifier", True),
    ("ES 更快，尤其是跨服务搜关键词时。", "zh.intensifier", False),
    # 迭代 as a sprint
    ("这个问题排到下个迭代。", "zh.buzzword.needs-object", False),
    # 天才 inside a duration
    ("对着日志看了半天才发现缓存没命中。", "zh.brag", False),
]

# Section 5: fluff with no stock word, caught by patterns.
NO_STOCK_WORD = [
    # superlatives and ranks without a source
    ("这是中小团队最好的选择。", "zh.peacock.superlative", True),
    ("它是国内最受欢迎的监控方案之一。", "zh.peacock.superlative", True),
    ("产品连续两年位居行业第一。", "zh.peacock.superlative", True),
    ("公司是国内首家做这件事的企业。", "zh.peacock.superlative", True),
    ("这里最容易出错的是时区。", "zh.peacock.superlative", False),
    ("第一步是把日志接进来。", "zh.peacock.superlative", False),
    ("唯一索引建在 order_no 上。", "zh.peacock.superlative", False),
    # résumé and self-evaluation clichés
    ("本人为人踏实，沟通能力强。", "zh.brag.self-evaluation", True),
    ("具备很强的自驱力和结果导向意识。", "zh.brag.self-evaluation", True),
    ("善于钻研新技术，能够吃苦耐劳。", "zh.brag.self-evaluation", True),
    ("这个函数的执行时间主要花在解析上。", "zh.brag.self-evaluation", False),
    ("我并不精通 Rust，这段代码是照着文档写的。", "zh.brag.self-evaluation", False),
    # press-release and launch idioms
    ("从上百家参评企业中脱颖而出。", "zh.brag.self-evaluation", True),
    ("助力合作伙伴实现数字化转型。", "zh.buzzword.always", True),
    ("重磅发布，新一代平台强势来袭！", "zh.peacock.launch", True),
    ("安装过程并不轻松，要先装三个依赖。", "zh.peacock.launch", False),
    ("平台稳定高效、安全可靠。", "zh.peacock.attributes", True),
    ("压测 30 分钟，p99 稳定在 45 ms，安全组没有改动。", "zh.peacock.attributes", False),
    ("新版本更快、更稳、更省心。", "zh.peacock.attributes", True),
    ("不少客户表示新版本好用多了。", "zh.weasel.crowd", True),
    ("名额有限，先到先得！", "zh.clickbait.call-to-action", True),
    # outcome claims with nothing measured in reach
    ("这次迁移进行得很顺利。", "zh.unsupported-claim.outcome", True),
    ("迁移进行得很顺利：48 个库 2 小时切完。", "zh.unsupported-claim.outcome", False),
    ("迁移进行得并不顺利，第一次切换就回滚了。", "zh.unsupported-claim.outcome", False),
    ("用户反馈都很积极。", "zh.unsupported-claim.outcome", True),
    ("项目取得了良好的效果。", "zh.unsupported-claim.outcome", True),
    ("方案得到了业务方的一致认可。", "zh.brag.self-evaluation", True),
    ("带领 4 人小组完成项目，多次获得领导好评。", "zh.brag.self-evaluation", True),
    ("目前已累计服务超过 800 家企业客户。", "zh.brag.customer-count", True),
    ("故障影响约 46 万次用户请求。", "zh.brag.customer-count", False),
    ("订单服务在 14:00 有 3 个企业客户报错。", "zh.brag.customer-count", False),
    ("我们为这 37 家企业客户逐个补发了账单。", "zh.brag.customer-count", False),
    ("工作表现突出，敏锐把握行业趋势。", "zh.brag.self-evaluation", True),
    ("这个服务在压测里的表现和预期一致。", "zh.brag.self-evaluation", False),
    ("这些年积累了丰富的项目经验。", "zh.brag.self-evaluation", True),
    ("我们拥有一个活跃而友好的社区。", "zh.brag.self-evaluation", True),
    ("营造了良好的技术氛围。", "zh.unsupported-claim.outcome", True),
    ("安装非常简单。", "zh.unsupported-claim.outcome", True),
    ("配置非常简单：workflow 里只加了 2 行。", "zh.unsupported-claim.outcome", False),
    ("正是你们的支持让它变得越来越好。", "zh.unsupported-claim.outcome", True),
    ("打造了一套极具辨识度的视觉体系。", "zh.peacock.launch", True),
    ("这个问题极具挑战性。", "zh.peacock.launch", False),
    ("灵活的扩展机制，满足各种定制化需求。", "zh.peacock.launch", True),
    ("按租户分库之后，能满足审计对数据隔离的要求。", "zh.peacock.launch", False),
    ("携手伙伴打造开放共赢的生态。", "zh.buzzword.always", True),
    ("核心团队来自知名高校及一线互联网大厂。", "zh.brag.self-evaluation", True),
    ("再次斩获行业大奖，充分彰显了公司强劲的技术实力。", "zh.brag.self-evaluation", True),
    ("我是一个对技术充满热情的前端工程师。", "zh.brag.portrait", True),
    ("对技术充满热情，喜欢折腾新框架。", "zh.brag.self-evaluation", True),
    ("如果你也对技术充满热情，欢迎留言交流。", "zh.brag.self-evaluation", False),
    ("## 快速上手", "zh.peacock.launch", False),
    ("未来我们将不忘初心、砥砺前行。", "zh.buzzword.always", True),
    ("系统上线后运行稳定。", "zh.unsupported-claim.outcome", True),
    ("切到新集群后运行稳定，7 天里 p99 都在 40 ms 以下。", "zh.unsupported-claim.outcome", False),
    ("业务规模实现了跨越式增长。", "zh.unsupported-claim.outcome", True),
    ("换了新的索引之后，效果非常明显。", "zh.unsupported-claim.outcome", True),
    ("事实证明优化效果并不明显。", "zh.unsupported-claim.outcome", False),
    ("开箱即用，上手毫无难度。", "zh.peacock.launch", True),
    ("越来越多的团队开始用 Rust 重写核心服务。", "zh.weasel.crowd", True),
    ("它在各种场景下都比 Redis Cluster 有明显优势。", "zh.unsupported-claim.outcome", True),
    ("内置完善的国际化方案。", "zh.peacock.launch", True),
    ("上线后告警量下降了不少。", "zh.unsupported-claim.outcome", True),
]


# Round 2: genres the first rules missed (sentences written for this test, not from the corpus)
GENRES = [
    # a version change states a fact: 提升/提高 whose object is a version
    ("最低支持的 Go 版本从 1.20 提升到 1.22。", "zh.unsupported-claim", False),
    ("Node.js 的最低版本从 16 提高到 18。", "zh.unsupported-claim", False),
    ("先把 React 从 17 升到 18.2，再处理 Suspense 的警告。", "zh.unsupported-claim", False),
    ("我们把 JDK 从 11 提升到 21。", "zh.unsupported-claim", False),
    ("查询性能提升到了新的水平。", "zh.unsupported-claim", True),
    ("单机 QPS 提升到 1.5 万。", "zh.unsupported-claim", True),
    # 很多 before a noun counts; after a verb it intensifies
    ("很多用户还在用 iOS 14，所以这个接口不能删。", "zh.intensifier", False),
    ("新版本好用很多。", "zh.intensifier", True),
    # a hedge on a difficulty softens no claim
    ("这里比较难的是处理时区。", "zh.hedge", False),
    ("这个方案比较好。", "zh.hedge", True),
    # a résumé grading its writer's knowledge, not a clause that mentions knowing
    ("熟悉 Netty，深入理解 Reactor 线程模型。", "zh.brag.skills", True),
    ("对消息队列有深刻的认识。", "zh.brag.skills", True),
    ("组里熟悉 Netty 原理的人只有两个。", "zh.brag.skills", False),
    ("我翻了一晚上源码，了解了 Netty 的实现机制。", "zh.brag.skills", False),
    ("热衷开源，对代码质量有近乎偏执的追求。", "zh.brag.self-evaluation", True),
    # engagement asks and sign-offs (suggestions), "like and share" in any order (a warning)
    ("觉得有用的话，转发、收藏、点赞走一波。", "zh.clickbait.call-to-action", True),
    ("点赞和收藏的数量一周涨了 3 倍。", "zh.clickbait.call-to-action", False),
    ("觉得不错就给仓库点个 Star 吧。", "zh.clickbait.sign-off", True),
    ("仓库的 Star 数从 800 涨到 2,100。", "zh.clickbait.sign-off", False),
    # slogans and vision; outcomes and crowds told
    ("以数据驱动决策，让 AI 改变行业。", "zh.buzzword.slogan", True),
    ("这次改变了日志采样的方式。", "zh.buzzword.slogan", False),
    ("经过海量业务场景的检验，系统稳定可靠。", "zh.unsupported-claim.outcome", True),
    ("表的数据量持续增长，上个月多了 4,000 万行。", "zh.unsupported-claim.outcome", False),
    ("社区日趋成熟，生态不断壮大。", "zh.unsupported-claim.outcome", True),
    ("无数开发者信赖的日志库。", "zh.weasel.crowd", True),
    ("读者们纷纷表示这个系列很实用。", "zh.weasel.crowd", True),
    ("同事们都说这个告警来得太晚。", "zh.weasel.crowd", False),
    ("巩固在细分市场的领先地位。", "zh.peacock.launch", True),
    # events, mission and value, praise received, sign-offs
    ("年会在杭州圆满召开。", "zh.peacock.launch", True),
    ("公司的使命是让每家工厂都用上工业软件。", "zh.buzzword.slogan", True),
    ("这段代码创造了一个子进程。", "zh.buzzword.slogan", False),
    ("课程上线后被多家媒体报道。", "zh.brag.self-evaluation", True),
    ("已被上千家企业部署在生产环境。", "zh.brag.customer-count", True),
    ("希望这篇笔记能给你带来一些启发。", "zh.clickbait.sign-off", True),
    # "about the same as" is a comparison; common knowledge conceded before a turn
    ("迁移后的延迟和迁移前差不多。", "zh.hedge", False),
    ("迁移后应该差不多没问题。", "zh.hedge", True),
    ("这个道理大家都知道，可是排期一紧就忘了。", "zh.weasel", False),
    ("大家都知道，单测写得越多越好。", "zh.weasel", True),
    # work-report outcomes and credit; a résumé line that opens with what its writer has
    ("全年营收再创新高，客户满意度稳中有升。", "zh.unsupported-claim.outcome", True),
    ("在领导的大力支持下，项目组齐心协力完成了目标。", "zh.buzzword.slogan", True),
    ("具备良好的抗压能力和自我驱动的能力。", "zh.brag.self-evaluation", True),
    ("这个库具备零拷贝解析的能力，但只支持 UTF-8。", "zh.brag.self-evaluation", False),
    ("一款专为嵌入式设备而生的数据库。", "zh.peacock.launch", True),
    ("这次没有彻底搞懂，只确认了锁在哪一步拿的。", "zh.clickbait", False),
    ("不少读者留言催更下一篇。", "zh.weasel.audience", True),
    # every case covered with none named; a behaviour in every case is plain
    ("无论团队大小，它都能帮你节省时间。", "zh.unsupported-claim.outcome", True),
    ("无论请求是否成功，都会写一条审计日志。", "zh.unsupported-claim.outcome", False),
    ("对用户体验极其敏感，擅长把复杂的事情做简单。", "zh.brag.self-evaluation", True),
    ("这个接口对抖动非常敏感，p99 一过 80 ms 就会触发熔断。", "zh.brag.self-evaluation", False),
    # a self-portrait evaluates only when its modifier does (jieba's adjective and idiom tags)
    ("我是一个快乐的程序员。", "zh.brag.portrait", True),
    ("我是一名不折不扣的技术控。", "zh.brag.portrait", True),
    ("我是一名在杭州做后端的工程师。", "zh.brag.portrait", False),
    # a quality graded in a subject-less clause; the same noun in a sentence about work
    ("安全意识强，执行力强。", "zh.brag.self-evaluation", True),
    ("排查时我们的风险意识不够，没有先摘流量。", "zh.brag.self-evaluation", False),
    ("接口的安全性取决于签名校验。", "zh.brag.self-evaluation", False),
    ("多项关键技术取得突破。", "zh.unsupported-claim.outcome", True),
    ("上周五顺利上线，灰度 10% 时错误率 0.02%。", "zh.unsupported-claim.outcome", False),
    # asks: come and try it, join us, comment below (sign-offs are suggestions)
    ("新功能已上线，快来体验吧！", "zh.clickbait.call-to-action", True),
    ("我们在招人，期待优秀的你加入！", "zh.clickbait.sign-off", True),
    ("成千上万的开发者正在使用它。", "zh.weasel.crowd", True),
]


@pytest.mark.parametrize(("text", "rule", "fires"), SENSES + NO_STOCK_WORD + GENRES)
def test_zh_judgement(text: str, rule: str, fires: bool) -> None:
    assert (rule in fired(text)) is fires, (text, rule, fired(text))


def test_quoted_names_are_not_linted() -> None:
    assert not fired("陈老师著有《企业中台建设方法论》一书。") & {"zh.buzzword.always"}
    assert "zh.buzzword.always" in fired("陈老师总结了一套中台建设方法论。")


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


CHECK = (
    "from pathlib import Path\n"
    "from inpublic.check import check_post\n"
    "from inpublic.workspace import parse_post\n"
    "check_post(parse_post({text!r}, Path('p.md')))"
)


def test_jieba_loads_only_when_a_chinese_sense_needs_it() -> None:
    english = "---\ntitle: t\n---\n\nThe cache is exceptionally fast and we compared it.\n"
    plain_zh = "---\ntitle: t\n---\n\n缓存把 p95 从 180 ms 降到了 23 ms。\n"
    sense_zh = "---\ntitle: t\n---\n\n活动现场异常火爆。\n"
    assert "jieba" not in _modules_after(CHECK.format(text=english))
    assert "jieba" not in _modules_after(CHECK.format(text=plain_zh))
    assert "jieba" in _modules_after(CHECK.format(text=sense_zh))
