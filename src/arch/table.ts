// The x86 instruction table: the single place where encodings are written down.
// Encoder, decoder and disassembler are derived from it (see instructions.ts for the format).
// Sources: Intel SDM volume 2 (encodings), volume 3 (privilege and sensitivity); the
// "sens" flags follow Robin and Irvine's list of sensitive unprivileged IA-32 instructions.
//
// Order matters twice: the assembler takes the shortest matching form and, among equals,
// the first; the disassembler prints the first form that decodes (skipping "nd" forms).
// Some lines exist only to accept what NASM accepts (nd), and the flags dsize, anysize and
// nearsize reproduce NASM's size rules for JMP/CALL [mem], LEA and Jcc (see forms.ts).
//
// mnemonic     | operands          | roles | encoding                 | flags

export const TABLE = String.raw`
# ---- integer arithmetic and logic: the eight ALU operations ----
add          | rm8,r8            | mr    | 00 /r                    | lock
add          | rmv,rv            | mr    | ov 01 /r                 | lock
add          | r8,rm8            | rm    | 02 /r                    |
add          | rv,rmv            | rm    | ov 03 /r                 |
add          | al,imm8           | -i    | 04 ib                    |
add          | rmv,simm8         | mi    | ov 83 /0 ib              | lock
add          | accv,immv         | -i    | ov 05 iv                 |
add          | rm8,imm8          | mi    | 80 /0 ib                 | lock
add          | rmv,immv          | mi    | ov 81 /0 iv              | lock
add          | rm8,imm8          | mi    | 82 /0 ib                 | lock na
or           | rm8,r8            | mr    | 08 /r                    | lock
or           | rmv,rv            | mr    | ov 09 /r                 | lock
or           | r8,rm8            | rm    | 0a /r                    |
or           | rv,rmv            | rm    | ov 0b /r                 |
or           | al,imm8           | -i    | 0c ib                    |
or           | rmv,simm8         | mi    | ov 83 /1 ib              | lock
or           | accv,immv         | -i    | ov 0d iv                 |
or           | rm8,imm8          | mi    | 80 /1 ib                 | lock
or           | rmv,immv          | mi    | ov 81 /1 iv              | lock
or           | rm8,imm8          | mi    | 82 /1 ib                 | lock na
adc          | rm8,r8            | mr    | 10 /r                    | lock
adc          | rmv,rv            | mr    | ov 11 /r                 | lock
adc          | r8,rm8            | rm    | 12 /r                    |
adc          | rv,rmv            | rm    | ov 13 /r                 |
adc          | al,imm8           | -i    | 14 ib                    |
adc          | rmv,simm8         | mi    | ov 83 /2 ib              | lock
adc          | accv,immv         | -i    | ov 15 iv                 |
adc          | rm8,imm8          | mi    | 80 /2 ib                 | lock
adc          | rmv,immv          | mi    | ov 81 /2 iv              | lock
adc          | rm8,imm8          | mi    | 82 /2 ib                 | lock na
sbb          | rm8,r8            | mr    | 18 /r                    | lock
sbb          | rmv,rv            | mr    | ov 19 /r                 | lock
sbb          | r8,rm8            | rm    | 1a /r                    |
sbb          | rv,rmv            | rm    | ov 1b /r                 |
sbb          | al,imm8           | -i    | 1c ib                    |
sbb          | rmv,simm8         | mi    | ov 83 /3 ib              | lock
sbb          | accv,immv         | -i    | ov 1d iv                 |
sbb          | rm8,imm8          | mi    | 80 /3 ib                 | lock
sbb          | rmv,immv          | mi    | ov 81 /3 iv              | lock
sbb          | rm8,imm8          | mi    | 82 /3 ib                 | lock na
and          | rm8,r8            | mr    | 20 /r                    | lock
and          | rmv,rv            | mr    | ov 21 /r                 | lock
and          | r8,rm8            | rm    | 22 /r                    |
and          | rv,rmv            | rm    | ov 23 /r                 |
and          | al,imm8           | -i    | 24 ib                    |
and          | rmv,simm8         | mi    | ov 83 /4 ib              | lock
and          | accv,immv         | -i    | ov 25 iv                 |
and          | rm8,imm8          | mi    | 80 /4 ib                 | lock
and          | rmv,immv          | mi    | ov 81 /4 iv              | lock
and          | rm8,imm8          | mi    | 82 /4 ib                 | lock na
sub          | rm8,r8            | mr    | 28 /r                    | lock
sub          | rmv,rv            | mr    | ov 29 /r                 | lock
sub          | r8,rm8            | rm    | 2a /r                    |
sub          | rv,rmv            | rm    | ov 2b /r                 |
sub          | al,imm8           | -i    | 2c ib                    |
sub          | rmv,simm8         | mi    | ov 83 /5 ib              | lock
sub          | accv,immv         | -i    | ov 2d iv                 |
sub          | rm8,imm8          | mi    | 80 /5 ib                 | lock
sub          | rmv,immv          | mi    | ov 81 /5 iv              | lock
sub          | rm8,imm8          | mi    | 82 /5 ib                 | lock na
xor          | rm8,r8            | mr    | 30 /r                    | lock
xor          | rmv,rv            | mr    | ov 31 /r                 | lock
xor          | r8,rm8            | rm    | 32 /r                    |
xor          | rv,rmv            | rm    | ov 33 /r                 |
xor          | al,imm8           | -i    | 34 ib                    |
xor          | rmv,simm8         | mi    | ov 83 /6 ib              | lock
xor          | accv,immv         | -i    | ov 35 iv                 |
xor          | rm8,imm8          | mi    | 80 /6 ib                 | lock
xor          | rmv,immv          | mi    | ov 81 /6 iv              | lock
xor          | rm8,imm8          | mi    | 82 /6 ib                 | lock na
cmp          | rm8,r8            | mr    | 38 /r                    |
cmp          | rmv,rv            | mr    | ov 39 /r                 |
cmp          | r8,rm8            | rm    | 3a /r                    |
cmp          | rv,rmv            | rm    | ov 3b /r                 |
cmp          | al,imm8           | -i    | 3c ib                    |
cmp          | rmv,simm8         | mi    | ov 83 /7 ib              |
cmp          | accv,immv         | -i    | ov 3d iv                 |
cmp          | rm8,imm8          | mi    | 80 /7 ib                 |
cmp          | rmv,immv          | mi    | ov 81 /7 iv              |
cmp          | rm8,imm8          | mi    | 82 /7 ib                 | na

test         | rm8,r8            | mr    | 84 /r                    |
test         | rmv,rv            | mr    | ov 85 /r                 |
test         | r8,rm8            | rm    | 84 /r                    | nd
test         | rv,rmv            | rm    | ov 85 /r                 | nd
test         | al,imm8           | -i    | a8 ib                    |
test         | accv,immv         | -i    | ov a9 iv                 |
test         | rm8,imm8          | mi    | f6 /0 ib                 |
test         | rmv,immv          | mi    | ov f7 /0 iv              |
test         | rm8,imm8          | mi    | f6 /1 ib                 | na
test         | rmv,immv          | mi    | ov f7 /1 iv              | na

# ---- unary group 3, increment and decrement ----
not          | rm8               | m     | f6 /2                    | lock
not          | rmv               | m     | ov f7 /2                 | lock
neg          | rm8               | m     | f6 /3                    | lock
neg          | rmv               | m     | ov f7 /3                 | lock
mul          | rm8               | m     | f6 /4                    |
mul          | rmv               | m     | ov f7 /4                 |
imul         | rm8               | m     | f6 /5                    |
imul         | rmv               | m     | ov f7 /5                 |
imul         | rv,rmv            | rm    | ov 0f af /r              | 386
imul         | rv,rmv,simm8      | rmi   | ov 6b /r ib              | 186
imul         | rv,rmv,immv       | rmi   | ov 69 /r iv              | 186
imul         | rv,simm8          | xi    | ov 6b /r ib              | 186 nd
imul         | rv,immv           | xi    | ov 69 /r iv              | 186 nd
div          | rm8               | m     | f6 /6                    |
div          | rmv               | m     | ov f7 /6                 |
idiv         | rm8               | m     | f6 /7                    |
idiv         | rmv               | m     | ov f7 /7                 |
inc          | rv                | o     | ov 40+r                  |
inc          | rm8               | m     | fe /0                    | lock
inc          | rmv               | m     | ov ff /0                 | lock
dec          | rv                | o     | ov 48+r                  |
dec          | rm8               | m     | fe /1                    | lock
dec          | rmv               | m     | ov ff /1                 | lock

# ---- shifts and rotates (group 2) ----
rol          | rm8,unity         | m-    | d0 /0                    |
rol          | rm8,cl            | m-    | d2 /0                    |
rol          | rm8,imm8          | mi    | c0 /0 ib                 | 186
rol          | rmv,unity         | m-    | ov d1 /0                 |
rol          | rmv,cl            | m-    | ov d3 /0                 |
rol          | rmv,imm8          | mi    | ov c1 /0 ib              | 186
ror          | rm8,unity         | m-    | d0 /1                    |
ror          | rm8,cl            | m-    | d2 /1                    |
ror          | rm8,imm8          | mi    | c0 /1 ib                 | 186
ror          | rmv,unity         | m-    | ov d1 /1                 |
ror          | rmv,cl            | m-    | ov d3 /1                 |
ror          | rmv,imm8          | mi    | ov c1 /1 ib              | 186
rcl          | rm8,unity         | m-    | d0 /2                    |
rcl          | rm8,cl            | m-    | d2 /2                    |
rcl          | rm8,imm8          | mi    | c0 /2 ib                 | 186
rcl          | rmv,unity         | m-    | ov d1 /2                 |
rcl          | rmv,cl            | m-    | ov d3 /2                 |
rcl          | rmv,imm8          | mi    | ov c1 /2 ib              | 186
rcr          | rm8,unity         | m-    | d0 /3                    |
rcr          | rm8,cl            | m-    | d2 /3                    |
rcr          | rm8,imm8          | mi    | c0 /3 ib                 | 186
rcr          | rmv,unity         | m-    | ov d1 /3                 |
rcr          | rmv,cl            | m-    | ov d3 /3                 |
rcr          | rmv,imm8          | mi    | ov c1 /3 ib              | 186
shl          | rm8,unity         | m-    | d0 /4                    |
shl          | rm8,cl            | m-    | d2 /4                    |
shl          | rm8,imm8          | mi    | c0 /4 ib                 | 186
shl          | rmv,unity         | m-    | ov d1 /4                 |
shl          | rmv,cl            | m-    | ov d3 /4                 |
shl          | rmv,imm8          | mi    | ov c1 /4 ib              | 186
shr          | rm8,unity         | m-    | d0 /5                    |
shr          | rm8,cl            | m-    | d2 /5                    |
shr          | rm8,imm8          | mi    | c0 /5 ib                 | 186
shr          | rmv,unity         | m-    | ov d1 /5                 |
shr          | rmv,cl            | m-    | ov d3 /5                 |
shr          | rmv,imm8          | mi    | ov c1 /5 ib              | 186
# /6 is an undocumented duplicate of SHL that the CPU executes
shl          | rm8,unity         | m-    | d0 /6                    | na
shl          | rm8,cl            | m-    | d2 /6                    | na
shl          | rm8,imm8          | mi    | c0 /6 ib                 | 186 na
shl          | rmv,unity         | m-    | ov d1 /6                 | na
shl          | rmv,cl            | m-    | ov d3 /6                 | na
shl          | rmv,imm8          | mi    | ov c1 /6 ib              | 186 na
sar          | rm8,unity         | m-    | d0 /7                    |
sar          | rm8,cl            | m-    | d2 /7                    |
sar          | rm8,imm8          | mi    | c0 /7 ib                 | 186
sar          | rmv,unity         | m-    | ov d1 /7                 |
sar          | rmv,cl            | m-    | ov d3 /7                 |
sar          | rmv,imm8          | mi    | ov c1 /7 ib              | 186
sal => shl
shld         | rmv,rv,imm8       | mri   | ov 0f a4 /r ib           | 386 bareimm
shld         | rmv,rv,cl         | mr-   | ov 0f a5 /r              | 386
shrd         | rmv,rv,imm8       | mri   | ov 0f ac /r ib           | 386 bareimm
shrd         | rmv,rv,cl         | mr-   | ov 0f ad /r              | 386

# ---- bit operations ----
bt           | rmv,rv            | mr    | ov 0f a3 /r              | 386
bt           | rmv,imm8          | mi    | ov 0f ba /4 ib           | 386
bts          | rmv,rv            | mr    | ov 0f ab /r              | 386 lock
bts          | rmv,imm8          | mi    | ov 0f ba /5 ib           | 386 lock
btr          | rmv,rv            | mr    | ov 0f b3 /r              | 386 lock
btr          | rmv,imm8          | mi    | ov 0f ba /6 ib           | 386 lock
btc          | rmv,rv            | mr    | ov 0f bb /r              | 386 lock
btc          | rmv,imm8          | mi    | ov 0f ba /7 ib           | 386 lock
bsf          | rv,rmv            | rm    | ov 0f bc /r              | 386
bsr          | rv,rmv            | rm    | ov 0f bd /r              | 386
setcc        | rm8               | m     | 0f 90+cc /0              | 386

# ---- data movement ----
mov          | rm8,r8            | mr    | 88 /r                    |
mov          | rmv,rv            | mr    | ov 89 /r                 |
mov          | r8,rm8            | rm    | 8a /r                    |
mov          | rv,rmv            | rm    | ov 8b /r                 |
mov          | rv,sreg           | mr    | ov 8c /r                 | sens
mov          | m16,sreg          | mr    | 8c /r                    | sens
mov          | sreg,r16          | rm    | 8e /r                    | sens
mov          | sreg,r32          | rm    | 8e /r                    | sens nd
mov          | sreg,m16          | rm    | 8e /r                    | sens
mov          | al,moffs8         | -i    | a0 ia                    |
mov          | accv,moffsv       | -i    | ov a1 ia                 |
mov          | moffs8,al         | i-    | a2 ia                    |
mov          | moffsv,accv       | i-    | ov a3 ia                 |
mov          | r8,imm8           | oi    | b0+r ib                  |
mov          | rv,immv           | oi    | ov b8+r iv               |
mov          | rm8,imm8          | mi    | c6 /0 ib                 |
mov          | rmv,immv          | mi    | ov c7 /0 iv              |
mov          | r32,creg          | mr    | 0f 20 /r                 | 386 priv
mov          | creg,r32          | rm    | 0f 22 /r                 | 386 priv
mov          | r32,dreg          | mr    | 0f 21 /r                 | 386 priv
mov          | dreg,r32          | rm    | 0f 23 /r                 | 386 priv
mov          | r32,treg          | mr    | 0f 24 /r                 | 386 priv
mov          | treg,r32          | rm    | 0f 26 /r                 | 386 priv
movzx        | rv,rm8            | rm    | ov 0f b6 /r              | 386
movzx        | r32,rm16          | rm    | o32 0f b7 /r             | 386
movsx        | rv,rm8            | rm    | ov 0f be /r              | 386
movsx        | r32,rm16          | rm    | o32 0f bf /r             | 386
cmovcc       | rv,rmv            | rm    | ov 0f 40+cc /r           | 686
nop          |                   |       | 90                       |
nop          | rmv               | m     | ov 0f 1f /0              | 686
pause        |                   |       | pf3 90                   | 686
xchg         | accv,rv           | -o    | ov 90+r                  |
xchg         | rv,accv           | o-    | ov 90+r                  | nd
# register first, as NASM encodes xchg reg,reg and as ndisasm prints it
xchg         | r8,rm8            | rm    | 86 /r                    | lock
xchg         | rm8,r8            | mr    | 86 /r                    | lock
xchg         | rv,rmv            | rm    | ov 87 /r                 | lock
xchg         | rmv,rv            | mr    | ov 87 /r                 | lock
xadd         | rm8,r8            | mr    | 0f c0 /r                 | 486 lock
xadd         | rmv,rv            | mr    | ov 0f c1 /r              | 486 lock
cmpxchg      | rm8,r8            | mr    | 0f b0 /r                 | 486 lock
cmpxchg      | rmv,rv            | mr    | ov 0f b1 /r              | 486 lock
cmpxchg8b    | m64               | m     | 0f c7 /1                 | 586 lock
bswap        | r32               | o     | o32 0f c8+r              | 486
lea          | rv,m              | rm    | ov 8d /r                 | anysize
# far-pointer loads set a segment register, as MOV sreg does (CPL-dependent checks)
les          | rv,m              | rm    | ov c4 /r                 | sens
lds          | rv,m              | rm    | ov c5 /r                 | sens
lss          | rv,m              | rm    | ov 0f b2 /r              | 386 sens
lfs          | rv,m              | rm    | ov 0f b4 /r              | 386 sens
lgs          | rv,m              | rm    | ov 0f b5 /r              | 386 sens
{cbw/cwde}   |                   |       | ov 98                    |
{cwd/cdq}    |                   |       | ov 99                    |
xlatb        |                   |       | d7                       |
xlat => xlatb
lahf         |                   |       | 9f                       |
sahf         |                   |       | 9e                       |
salc         |                   |       | d6                       |

# ---- the stack ----
push         | rv                | o     | ov 50+r                  |
push         | rmv               | m     | ov ff /6                 |
push         | es                | -     | 06                       | sens
push         | cs                | -     | 0e                       | sens
push         | ss                | -     | 16                       | sens
push         | ds                | -     | 1e                       | sens
push         | fs                | -     | 0f a0                    | 386 sens
push         | gs                | -     | 0f a8                    | 386 sens
push         | simm8             | i     | ov 6a ib                 | 186
push         | immv              | i     | ov 68 iv                 | 186
pop          | rv                | o     | ov 58+r                  |
pop          | rmv               | m     | ov 8f /0                 |
pop          | es                | -     | 07                       | sens
pop          | ss                | -     | 17                       | sens
pop          | ds                | -     | 1f                       | sens
pop          | fs                | -     | 0f a1                    | 386 sens
pop          | gs                | -     | 0f a9                    | 386 sens
{pushaw/pushad} |                |       | ov 60                    | 186
pusha        |                   |       | 60                       | 186 nd
{popaw/popad} |                  |       | ov 61                    | 186
popa         |                   |       | 61                       | 186 nd
{pushfw/pushfd} |                |       | ov 9c                    | sens
pushf        |                   |       | 9c                       | sens nd
{popfw/popfd} |                  |       | ov 9d                    | sens
popf         |                   |       | 9d                       | sens nd
enter        | imm16,imm8        | ii    | c8 iw ib                 | 186 bareimm
leave        |                   |       | c9                       | 186

# ---- control transfer ----
jmp          | rel8              | i     | eb jb                    |
jmp          | relv              | i     | ov e9 jv                 | bnd
jmp          | rmv               | m     | ov ff /4                 | dsize bnd
jmp          | farv              | i     | ov ea pv                 | sens
jmp          | mfarv             | m     | ov ff /5                 | sens
call         | relv              | i     | ov e8 jv                 | bnd
call         | rmv               | m     | ov ff /2                 | dsize bnd
call         | farv              | i     | ov 9a pv                 | sens
call         | mfarv             | m     | ov ff /3                 | sens
jcc          | rel8              | i     | 70+cc jb                 |
jcc          | relv              | i     | ov 0f 80+cc jv           | 386 nearsize bnd
jcxz         | rel8              | i     | a16 e3 jb                |
jecxz        | rel8              | i     | a32 e3 jb                | 386
loop         | rel8              | i     | e2 jb                    |
loope        | rel8              | i     | e1 jb                    |
loopne       | rel8              | i     | e0 jb                    |
# the count register as a second operand picks the address size
loop         | rel8,cx           | i-    | a16 e2 jb                | nd
loop         | rel8,ecx          | i-    | a32 e2 jb                | 386 nd
loope        | rel8,cx           | i-    | a16 e1 jb                | nd
loope        | rel8,ecx          | i-    | a32 e1 jb                | 386 nd
loopne       | rel8,cx           | i-    | a16 e0 jb                | nd
loopne       | rel8,ecx          | i-    | a32 e0 jb                | 386 nd
loopz => loope
loopnz => loopne
ret          |                   |       | c3                       | bnd
ret          | imm16             | i     | c2 iw                    | bnd
retn => ret
retf         |                   |       | cb                       | sens
retf         | imm16             | i     | ca iw                    | sens
# returns that state their operand size
{retw/retd}  |                   |       | ov c3                    | nd bnd
# NASM emits no 0x66 for RETW imm16 (it does for RETD, RETNW, RETFW imm16)
retw         | imm16             | i     | c2 iw                    | nd bnd
retd         | imm16             | i     | o32 c2 iw                | nd bnd
{retnw/retnd} |                  |       | ov c3                    | nd bnd
{retnw/retnd} | imm16            | i     | ov c2 iw                 | nd bnd
{retfw/retfd} |                  |       | ov cb                    | sens nd
{retfw/retfd} | imm16            | i     | ov ca iw                 | sens nd
int3         |                   |       | cc                       | sens
int03 => int3
int          | imm8              | i     | cd ib                    | sens
into         |                   |       | ce                       | sens
int1         |                   |       | f1                       | 386
icebp => int1
int01 => int1
{iretw/iretd} |                  |       | ov cf                    | sens
iret         |                   |       | cf                       | sens nd
bound        | rv,m              | rm    | ov 62 /r                 | 186

# ---- flags ----
clc          |                   |       | f8                       |
stc          |                   |       | f9                       |
cmc          |                   |       | f5                       |
cld          |                   |       | fc                       |
std          |                   |       | fd                       |
cli          |                   |       | fa                       | iopl
sti          |                   |       | fb                       | iopl

# ---- decimal arithmetic ----
daa          |                   |       | 27                       |
das          |                   |       | 2f                       |
aaa          |                   |       | 37                       |
aas          |                   |       | 3f                       |
aam          |                   |       | d4 0a                    |
aam          | imm8              | i     | d4 ib                    |
aad          |                   |       | d5 0a                    |
aad          | imm8              | i     | d5 ib                    |

# ---- strings (operand size picks the element; address size picks SI/DI or ESI/EDI) ----
movsb        |                   |       | a4                       | rep
{movsw/movsd} |                  |       | ov a5                    | rep
cmpsb        |                   |       | a6                       | repe
{cmpsw/cmpsd} |                  |       | ov a7                    | repe
stosb        |                   |       | aa                       | rep
{stosw/stosd} |                  |       | ov ab                    | rep
lodsb        |                   |       | ac                       | rep
{lodsw/lodsd} |                  |       | ov ad                    | rep
scasb        |                   |       | ae                       | repe
{scasw/scasd} |                  |       | ov af                    | repe
insb         |                   |       | 6c                       | 186 rep iopl
{insw/insd}  |                   |       | ov 6d                    | 186 rep iopl
outsb        |                   |       | 6e                       | 186 rep iopl
{outsw/outsd} |                  |       | ov 6f                    | 186 rep iopl

# ---- port I/O ----
in           | al,imm8           | -i    | e4 ib                    | iopl
in           | accv,imm8         | -i    | ov e5 ib                 | iopl
in           | al,dx             | --    | ec                       | iopl
in           | accv,dx           | --    | ov ed                    | iopl
out          | imm8,al           | i-    | e6 ib                    | iopl
out          | imm8,accv         | i-    | ov e7 ib                 | iopl
out          | dx,al             | --    | ee                       | iopl
out          | dx,accv           | --    | ov ef                    | iopl

# ---- system ----
hlt          |                   |       | f4                       | priv
wait         |                   |       | 9b                       | leads
fwait => wait
sgdt         | m                 | m     | 0f 01 /0                 | 286 sens
sidt         | m                 | m     | 0f 01 /1                 | 286 sens
lgdt         | m                 | m     | 0f 01 /2                 | 286 priv
lidt         | m                 | m     | 0f 01 /3                 | 286 priv
smsw         | m16               | m     | 0f 01 /4                 | 286 sens
smsw         | rv                | m     | ov 0f 01 /4              | 286 sens
lmsw         | rm16              | m     | 0f 01 /6                 | 286 priv
invlpg       | m                 | m     | 0f 01 /7                 | 486 priv
sldt         | m16               | m     | 0f 00 /0                 | 286 sens
sldt         | rv                | m     | ov 0f 00 /0              | 286 sens
str          | m16               | m     | 0f 00 /1                 | 286 sens
str          | rv                | m     | ov 0f 00 /1              | 286 sens
lldt         | rm16              | m     | 0f 00 /2                 | 286 priv
ltr          | rm16              | m     | 0f 00 /3                 | 286 priv
verr         | rm16              | m     | 0f 00 /4                 | 286 sens
verw         | rm16              | m     | 0f 00 /5                 | 286 sens
lar          | rv,rm16           | rm    | ov 0f 02 /r              | 286 sens
lar          | rv,r32            | rm    | ov 0f 02 /r              | 286 sens nd
lsl          | rv,rm16           | rm    | ov 0f 03 /r              | 286 sens
lsl          | rv,r32            | rm    | ov 0f 03 /r              | 286 sens nd
arpl         | rm16,r16          | mr    | 63 /r                    | 286
clts         |                   |       | 0f 06                    | 286 priv
invd         |                   |       | 0f 08                    | 486 priv
wbinvd       |                   |       | 0f 09                    | 486 priv
ud2          |                   |       | 0f 0b                    | 686
ud2a => ud2
wrmsr        |                   |       | 0f 30                    | 586 priv
rdtsc        |                   |       | 0f 31                    | 586
rdmsr        |                   |       | 0f 32                    | 586 priv
rdpmc        |                   |       | 0f 33                    | 686
sysenter     |                   |       | 0f 34                    | 686
sysexit      |                   |       | 0f 35                    | 686 priv
cpuid        |                   |       | 0f a2                    | 486
rsm          |                   |       | 0f aa                    | 586

# ---- VMX (Intel SDM volume 3C, chapter 31) ----
vmcall       |                   |       | 0f 01 c1                 | vmx 686
vmlaunch     |                   |       | 0f 01 c2                 | vmx priv 686
vmresume     |                   |       | 0f 01 c3                 | vmx priv 686
vmxoff       |                   |       | 0f 01 c4                 | vmx priv 686
vmptrld      | m                 | m     | 0f c7 /6                 | vmx priv 686
vmptrst      | m                 | m     | 0f c7 /7                 | vmx priv 686
vmclear      | m                 | m     | p66 0f c7 /6             | vmx priv 686
vmxon        | m                 | m     | pf3 0f c7 /6             | vmx priv 686
vmread       | rm32,r32          | mr    | 0f 78 /r                 | vmx priv 686
vmwrite      | r32,rm32          | rm    | 0f 79 /r                 | vmx priv 686
invept       | r32,m128          | rm    | p66 0f 38 80 /r          | vmx priv 686
invvpid      | r32,m128          | rm    | p66 0f 38 81 /r          | vmx priv 686
vmfunc       |                   |       | 0f 01 d4                 | vmx 686
`;
