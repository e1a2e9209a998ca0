/**
 * Draws one location of the investigation: its background, and an outline for each hotspot that
 * brightens when the hotspot has the pointer or the keyboard focus. Input is handled by the
 * accessible DOM layer over the canvas (SceneStage.tsx); this scene only draws what it is told.
 * A still scene keeps no loop running (see idle.ts).
 */
import * as Phaser from 'phaser';
import type { SceneBus } from './bus';
import { ambientMotion, IdleLoop } from './idle';
import type { StageHotspot, StageModel } from './stageModel';

export const investigationSceneKey = 'investigation';

const colours = {
  inspect: 0xfbbf24,
  person: 0x38bdf8,
  exit: 0xa3e635,
} as const;

export class InvestigationScene extends Phaser.Scene {
  private readonly bus: SceneBus;
  private model: StageModel | null = null;
  private highlighted: string | null = null;
  private background?: Phaser.GameObjects.Image | Phaser.GameObjects.Rectangle;
  private outlines?: Phaser.GameObjects.Graphics;
  private textureCounter = 0;
  private frames = 0;
  private frameWindowStart = 0;
  private idle?: IdleLoop;

  constructor(bus: SceneBus) {
    super({ key: investigationSceneKey });
    this.bus = bus;
  }

  create(): void {
    this.outlines = this.add.graphics().setDepth(10);
    // The outlines breathe (a cheap alpha tween) only where motion is welcome and costs little:
    // not when the user asks for reduced motion, and not on software rendering, where it would
    // keep the whole canvas redrawing.
    if (ambientMotion(this.game)) {
      this.tweens.add({
        targets: this.outlines,
        alpha: { from: 1, to: 0.55 },
        duration: 900,
        yoyo: true,
        repeat: -1,
        ease: 'Sine.easeInOut',
      });
    }
    this.idle = new IdleLoop(this);
    const type = this.game.renderer.type === Phaser.WEBGL ? 'webgl' : 'canvas';
    this.bus.emit('stage:ready', {
      width: this.scale.width,
      height: this.scale.height,
      renderer: type,
    });
    if (this.model) this.show(this.model);
  }

  override update(time: number): void {
    this.frames += 1;
    if (time - this.frameWindowStart >= 1000) {
      this.bus.emit('stage:frame', { fps: (this.frames * 1000) / (time - this.frameWindowStart) });
      this.frames = 0;
      this.frameWindowStart = time;
    }
    this.idle?.tick(time);
  }

  /** Shows a location; a change of location fades through black. */
  show(model: StageModel): void {
    const previous = this.model;
    this.model = model;
    if (!this.sys.isActive() || !this.outlines) return;
    this.idle?.wake();
    this.drawOutlines();
    const changed = previous?.sceneId !== model.sceneId || previous.background !== model.background;
    if (!changed && this.background) return;
    const release = this.idle?.hold() ?? (() => undefined);
    const reveal = () => {
      this.loadBackground(model, () => {
        const fade = previous ? 250 : 0;
        this.cameras.main.fadeIn(fade, 0, 0, 0);
        this.bus.emit('stage:shown', { sceneId: model.sceneId });
        this.time.delayedCall(fade + 50, release);
      });
    };
    if (previous && this.background) {
      this.cameras.main.fadeOut(200, 0, 0, 0);
      this.cameras.main.once(Phaser.Cameras.Scene2D.Events.FADE_OUT_COMPLETE, reveal);
    } else {
      reveal();
    }
  }

  /** Marks one hotspot as having pointer or keyboard focus (null for none). */
  highlight(id: string | null): void {
    this.highlighted = id;
    this.idle?.wake();
    this.drawOutlines();
  }

  /** A short pulse where evidence was just collected. */
  celebrate(id: string): void {
    const hotspot = this.model?.hotspots.find((candidate) => candidate.id === id);
    if (!hotspot) return;
    this.idle?.wake();
    const { x, y } = centreOf(hotspot);
    const ring = this.add.circle(x, y, 12).setStrokeStyle(4, colours.inspect).setDepth(20);
    this.tweens.add({
      targets: ring,
      radius: 90,
      alpha: 0,
      duration: 700,
      ease: 'Cubic.easeOut',
      onComplete: () => ring.destroy(),
    });
  }

  private loadBackground(model: StageModel, done: () => void): void {
    this.background?.destroy();
    if (!model.background) {
      this.background = this.add.rectangle(0, 0, model.width, model.height, 0x1e293b).setOrigin(0);
      done();
      return;
    }
    this.textureCounter += 1;
    const key = `background-${this.textureCounter}`;
    // SVG backgrounds are rasterised at the scene's size: an SVG with only a viewBox has no
    // intrinsic size, and loaded as a plain image it would come out empty.
    if (/\.svg(\?|#|$)/i.test(model.background)) {
      this.load.svg(key, model.background, { width: model.width, height: model.height });
    } else {
      this.load.image(key, model.background);
    }
    this.load.once(Phaser.Loader.Events.COMPLETE, () => {
      if (!this.textures.exists(key)) {
        this.background = this.add
          .rectangle(0, 0, model.width, model.height, 0x1e293b)
          .setOrigin(0);
      } else {
        this.background = this.add
          .image(0, 0, key)
          .setOrigin(0)
          .setDisplaySize(model.width, model.height);
      }
      this.background.setDepth(0);
      done();
    });
    this.load.start();
  }

  private drawOutlines(): void {
    const graphics = this.outlines;
    if (!graphics) return;
    graphics.clear();
    for (const hotspot of this.model?.hotspots ?? []) {
      const active = hotspot.id === this.highlighted;
      const colour = colours[hotspot.role];
      const alpha = active ? 1 : hotspot.used ? 0.3 : 0.7;
      graphics.lineStyle(active ? 4 : 2, colour, alpha);
      if (active) graphics.fillStyle(colour, 0.18);
      tracePath(graphics, hotspot, active);
    }
  }
}

function tracePath(
  graphics: Phaser.GameObjects.Graphics,
  hotspot: StageHotspot,
  fill: boolean,
): void {
  const shape = hotspot.shape;
  if (shape.kind === 'rect') {
    if (fill) graphics.fillRoundedRect(shape.x, shape.y, shape.width, shape.height, 8);
    graphics.strokeRoundedRect(shape.x, shape.y, shape.width, shape.height, 8);
    return;
  }
  const points = shape.points.map(([x, y]) => new Phaser.Math.Vector2(x, y));
  if (fill) graphics.fillPoints(points, true);
  graphics.strokePoints(points, true);
}

function centreOf(hotspot: StageHotspot): { x: number; y: number } {
  const shape = hotspot.shape;
  if (shape.kind === 'rect') return { x: shape.x + shape.width / 2, y: shape.y + shape.height / 2 };
  const sum = shape.points.reduce((total, [x, y]) => ({ x: total.x + x, y: total.y + y }), {
    x: 0,
    y: 0,
  });
  return { x: sum.x / shape.points.length, y: sum.y / shape.points.length };
}
